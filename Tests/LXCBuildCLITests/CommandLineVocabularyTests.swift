import Foundation
import LXCBuildTestSupport
import Testing

/// Issue 29's rough edges of the command line: one spelling for a run that changes nothing, the parser's errors in
/// lxc-build's words, `apply`'s node and verbosity, options named as the sources of their settings, a storage
/// that does not exist.
@Suite("command-line vocabulary against fakepve", .serialized)
struct CommandLineVocabularyTests {
    @Test("plan is the one spelling: create --dry-run, create --plan and apply --dry-run are aliases with a note")
    func planAliases() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let folder = try CLITests.temporaryDirectory()
            let environment = CLITests.environment(for: pve, defaults: folder)
            let plan = try await CLITests.run(["plan", "debian", "--os-version", "12", "--json"], environment: environment)
            #expect(plan.status == 0, "\(plan.errors)")
            #expect(!plan.errors.contains("alias"))
            for flag in ["--dry-run", "--plan"] {
                let alias = try await CLITests.run(["create", "debian", "--os-version", "12", flag, "--json"], environment: environment)
                #expect(alias.status == 0, "\(alias.errors)")
                #expect(alias.errors.contains("note: `create \(flag)` is an alias of `lxc-build plan debian`"), "\(alias.errors)")
                #expect(alias.json["actions"] != nil && (alias.json["actions"] as? [Any])?.count == (plan.json["actions"] as? [Any])?.count)
            }
            let file = (folder as NSString).appendingPathComponent("one.yaml")
            try "name: one\ncontainers:\n  web1:\n    app: debian\n    settings: {var_version: 12}\n".write(toFile: file, atomically: true, encoding: .utf8)
            let dryRun = try await CLITests.run(["apply", file, "--dry-run", "--json"], environment: environment)
            #expect(dryRun.status == 0, "\(dryRun.errors)")
            #expect(dryRun.errors.contains("note: `apply --dry-run` is an alias of `apply --plan`"), "\(dryRun.errors)")
            #expect((dryRun.json["containers"] as? [[String: Any]])?.first?["status"] as? String == "create")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("the parser's errors say error: as lxc-build does; crate, rm and ls suggest create, destroy and list")
    func parserErrors() async throws {
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        for (typed, meant) in [("crate", "create"), ("rm", "destroy"), ("ls", "list")] {
            let run = try await CLITests.run([typed, "100"], environment: environment)
            #expect(run.status == 64)
            #expect(run.errors.hasPrefix("error: unknown command '\(typed)'; did you mean \(meant)?"), "\(run.errors)")
            let json = try await CLITests.run([typed, "100", "--json"], environment: environment)
            #expect(json.status == 64)
            let error = json.json["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.hasPrefix("unknown command '\(typed)'; did you mean \(meant)?") == true, "\(json.output)")
        }
        let missing = try await CLITests.run(["create"], environment: environment)
        #expect(missing.status == 64)
        #expect(missing.errors.hasPrefix("error: Missing expected argument '<app>'") && !missing.errors.contains("Error:"), "\(missing.errors)")
        let help = try await CLITests.run(["--help"], environment: environment)
        #expect(help.status == 0)
        for variable in ["PROXMOX_VE_ENDPOINT", "PROXMOX_VE_API_TOKEN", "PROXMOX_VE_FINGERPRINT", "PROXMOX_VE_CA_FILE", "PROXMOX_VE_NODE"] {
            #expect(help.output.contains(variable), "\(variable)")
        }
    }

    @Test("apply --node places the containers whose file names no node; --verbose prints each step as it starts; text says existing as JSON does")
    func applyNodeAndVerbose() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            let folder = try CLITests.temporaryDirectory()
            let environment = CLITests.environment(for: pve, defaults: folder)
            let file = (folder as NSString).appendingPathComponent("two.yaml")
            try """
                name: two
                defaults: {app: debian, settings: {var_version: 12}}
                containers:
                  web1: {settings: {var_net: 10.0.0.11/24}}
                  web2: {node: pve1, settings: {var_net: 10.0.0.12/24}}
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let plan = try await CLITests.run(["apply", file, "--node", "pve2", "--plan", "--json"], environment: environment)
            #expect(plan.status == 0, "\(plan.errors)")
            let nodes = (plan.json["containers"] as? [[String: Any]] ?? []).map { ($0["plan"] as? [String: Any])?["node"] as? String }
            #expect(nodes == ["pve2", "pve1"], "\(plan.output)")
            let unknown = try await CLITests.run(["apply", file, "--node", "pve9", "--plan", "--json"], environment: environment)
            #expect(unknown.status == 64 && unknown.output.contains("pve9"), "\(unknown.output)")

            let applied = try await CLITests.run(["apply", file, "--node", "pve2", "--yes", "--verbose"], environment: environment)
            #expect(applied.status == 0, "\(applied.errors)")
            #expect(applied.errors.contains("web1: Creating the container..."), "\(applied.errors)")
            let again = try await CLITests.run(["apply", file, "--node", "pve2", "--yes"], environment: environment)
            #expect(again.status == 0)
            #expect(again.output.contains("existing") && !again.output.contains("exists"), "\(again.output)")
        }
    }

    @Test("--ip with a bad address names --ip as the value's source; var_net's help advertises no range")
    func optionSource() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["plan", "debian", "--ip", "10.0.0.300/24", "--json"], environment: environment)
            #expect(run.status == 64, "\(run.output)")
            let message = ((run.json["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains("var_net=\"10.0.0.300/24\" (--ip)"), "\(message)")
            let text = try await CLITests.run(["plan", "debian", "--ip", "10.0.0.300/24"], environment: environment)
            #expect(text.status == 64 && text.errors.contains("(--ip)") && !text.errors.contains("(flag)"), "\(text.errors)")
            let show = try await CLITests.run(["config", "show", "debian", "--explain"], environment: environment)
            let line = show.output.split(separator: "\n").first { $0.contains("IPv4 configuration") } ?? ""
            #expect(show.status == 0 && !line.isEmpty && line.contains("not build.func's range"), "\(line)")
        }
    }

    @Test("a storage the node does not have is a usage error (64) naming the storages that hold rootdir, not 213")
    func missingStorage() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["plan", "debian", "--os-version", "12", "--storage", "nope", "--json"], environment: environment)
            #expect(run.status == 64, "\(run.output)")
            let error = run.json["error"] as? [String: Any]
            let message = error?["message"] as? String ?? ""
            #expect(message.contains("var_container_storage=nope: no storage of that name on pve1"), "\(message)")
            #expect(message.contains("local-lvm") && !message.contains("local,"), "\(message)")
            #expect(error?["explanation"] as? String != "Proxmox: Storage type does not support 'rootdir' content")
            let typo = try await CLITests.run(["plan", "debian", "--os-version", "12", "--storage", "local-lv"], environment: environment)
            #expect(typo.status == 64 && typo.errors.contains("did you mean local-lvm?"), "\(typo.errors)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("config save --set cpu=2 saves what was chosen: not the derived keyctl and host name, not the built-ins")
    func saveChosen() async throws {
        try await withFakePVE { pve in
            let folder = try CLITests.temporaryDirectory()
            let environment = CLITests.environment(for: pve, defaults: folder)
            let run = try await CLITests.run(["config", "save", "debian", "--set", "cpu=2", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.output)")
            let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent("defaults/debian.vars"), encoding: .utf8)
            let keys = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
            #expect(keys == ["var_cpu=2"], "\(text)")
        }
    }

    @Test("a setting that needs a node shell with --no-install given: the hint is --unset for that setting, not --no-install")
    func noInstallHint() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["plan", "debian", "--os-version", "12", "--set", "ssh=yes", "--no-install", "--node-shell", "none"],
                                             environment: environment)
            #expect(run.status == 64, "\(run.errors)")
            #expect(run.errors.contains("root login over SSH") && run.errors.contains("leave it out: --unset ssh"), "\(run.errors)")
            #expect(!run.errors.contains("(--no-install)"), "\(run.errors)")
        }
    }

    @Test("plan says the mode; default.vars present in Default mode is named as not used")
    func planSaysMode() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let folder = try CLITests.temporaryDirectory()
            let global = (folder as NSString).appendingPathComponent("default.vars")
            try "var_cpu=3\n".write(toFile: global, atomically: true, encoding: .utf8)
            #expect(chmod(global, 0o644) == 0)
            let environment = CLITests.environment(for: pve, defaults: folder)
            let run = try await CLITests.run(["plan", "debian", "--os-version", "12"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("install mode default; \(global) was not used (--mode mydefaults, appdefaults or advanced reads it)"),
                    "\(run.errors)")
            let mine = try await CLITests.run(["plan", "debian", "--os-version", "12", "--mode", "mydefaults"], environment: environment)
            #expect(mine.status == 0 && mine.errors.contains("install mode mydefaults") && !mine.errors.contains("not used"), "\(mine.errors)")
        }
    }

    @Test("config show names the app script's var_arm64 with its line, in the text and in --json's controls")
    func arm64Shown() async throws {
        let catalog = try CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
        try "APP=\"X86 Only\"\nvar_cpu=\"${var_cpu:-2}\"\nvar_arm64=\"${var_arm64:-no}\"\n".write(toFile: catalog + "/ct/x86only.sh", atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") }
        environment["LXC_BUILD_DEFAULTS_DIR"] = try CLITests.temporaryDirectory()
        let run = try await CLITests.run(["config", "show", "x86only", "--catalog", catalog], environment: environment)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("var_arm64  no  app-script:\(catalog)/ct/x86only.sh:3"), "\(run.output)")
        let json = try await CLITests.run(["config", "show", "x86only", "--catalog", catalog, "--json"], environment: environment)
        #expect(json.status == 0, "\(json.errors)")
        let arm64 = (json.json["controls"] as? [String: [String: Any]])?["var_arm64"]
        #expect(arm64?["value"] as? String == "no" && arm64?["source"] as? String == "app-script:\(catalog)/ct/x86only.sh:3", "\(json.output)")
        #expect((json.json["settings"] as? [String: Any])?["var_cpu"] != nil, "the settings keep their key")
    }

    @Test("a stack file's node: that the cluster lacks is named as the file's container, not as --node (apply --plan: 64, JSON per container)")
    func stackNodeNamedAsTheFile() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try StackCommandTests.setUp(pve, stack: "containers:\n  web1:\n    app: debian\n    node: pve9\n")
            let run = try await CLITests.run(["apply", file, "--plan", "--json"], environment: environment)
            #expect(run.status == 64, "\(run.errors)")
            let entry = (run.json["containers"] as? [[String: Any]])?.first
            let message = (entry?["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("node 'pve9' (stack:\(file):web1) is not in this cluster"), "\(run.output)")
            #expect(!message.contains("--node"), "\(message)")
            #expect((entry?["error"] as? [String: Any])?["exitCode"] as? Int == 64, "\(run.output)")
        }
    }

    @Test("a stack file refused for its settings also lists the nodes the cluster lacks, each with its line (64, one JSON error)")
    func stackProblemsWithNodes() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let stack = """
                containers:
                  web1:
                    app: debian
                    settings: {var_ram: 10}
                  web2:
                    app: debian
                    node: pve9
                """
            let (file, environment) = try StackCommandTests.setUp(pve, stack: stack)
            for arguments in [["--plan", "--json"], ["--yes", "--json"]] {
                let run = try await CLITests.run(["apply", file] + arguments, environment: environment)
                #expect(run.status == 64, "\(arguments): \(run.errors)")
                let error = run.json["error"] as? [String: Any]
                let message = error?["message"] as? String ?? ""
                #expect(error?["exitCode"] as? Int == 64 && run.json["status"] as? String == "failed", "\(run.output)")
                #expect(message.contains("has 2 problems"), "\(message)")
                #expect(message.contains("line 4, container web1") && message.contains("var_ram"), "\(message)")
                #expect(message.contains("line 6, container web2: node 'pve9' (stack:\(file):web2) is not in this cluster"), "\(message)")
            }
            #expect(try pve.writes().isEmpty)
        }
    }
}
