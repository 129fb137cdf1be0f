import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

/// One command line, one set of rules: every subcommand's help, its JSON on success and on each class of failure,
/// the same code and message for the same mistake everywhere, and one exit-code table that the docs and the man page
/// carry in full.
@Suite("Conformance of every command", .serialized)
struct ConformanceTests {
    static let subcommands: [[String]] = [
        ["create"], ["plan"], ["inspect"], ["destroy"], ["nodes"], ["storage"], ["templates"], ["probe"],
        ["config"], ["config", "show"], ["config", "save"], ["config", "diff"], ["explain-exit"], ["completions"],
        ["backup"], ["backups"], ["restore"], ["export"], ["schedule"], ["schedule", "update"], ["schedule", "health"], ["schedule", "list"], ["health"],
        ["schedule", "remove"], ["schedule", "run"],
    ]

    /// The codes Docs/exit-codes.md and the man page must list: the documented table.
    static var documentedCodes: Set<BuildExitCode> { Set(BuildExitCode.documented.flatMap(\.codes)) }

    /// Exactly one JSON object on stdout (the whole of it), or a recorded issue.
    static func document(_ run: CLITests.Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(run.output.utf8))
        #expect(object is [String: Any], "\(what): stdout is not one JSON object: \(run.output) / \(run.errors)", sourceLocation: sourceLocation)
        return object as? [String: Any] ?? [:]
    }

    /// A JSON failure with the documented fields and code.
    static func expectFailure(_ run: CLITests.Run, code: BuildExitCode, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(run.status == code, "\(what): exit \(run.status), expected \(code): \(run.output) \(run.errors)", sourceLocation: sourceLocation)
        #expect(documentedCodes.contains(run.status), "\(what): exit \(run.status) is not documented", sourceLocation: sourceLocation)
        let error = document(run, what, sourceLocation: sourceLocation)["error"] as? [String: Any] ?? [:]
        #expect(error["exitCode"] as? Int == Int(code), "\(what)", sourceLocation: sourceLocation)
        #expect(error["explanation"] as? String == BuildExitCode.explanation(for: code), "\(what)", sourceLocation: sourceLocation)
        #expect(error["category"] as? String == BuildExitCode.category(for: code), "\(what)", sourceLocation: sourceLocation)
        let message = error["message"] as? String ?? ""
        #expect(message.wholeMatch(of: /(?s).*\b(invalidValue|unknownKey|malformedAssignment|invalidMode):.*/) == nil,
                "\(what): a Swift case name in \(message)", sourceLocation: sourceLocation)
        return message
    }

    @Test("every subcommand has --help: exit 0, a usage on stdout, nothing on stderr")
    func help() async throws {
        for command in Self.subcommands {
            let run = try await CLITests.run(command + ["--help"], environment: ProcessInfo.processInfo.environment)
            #expect(run.status == 0, "\(command): \(run.errors)")
            #expect(run.output.contains("USAGE:") && run.errors.isEmpty, "\(command)")
        }
    }

    @Test("an unknown flag with --json: one JSON error document on stdout, exit 64, in every command")
    func argumentErrors() async throws {
        let arguments: [[String]] = [
            ["create", "debian"], ["plan", "debian"], ["inspect", "120"], ["destroy", "120"], ["nodes"], ["storage"], ["templates"],
            ["probe"], ["config", "show"], ["config", "save", "debian"], ["config", "diff", "debian"], ["explain-exit", "7"],
            ["backup", "120"], ["backups"], ["restore", "local:backup/vzdump-lxc-120-2026_12_01-10_00_00.tar.zst"], ["export", "120"],
            ["schedule", "list"], ["schedule", "remove", "weekly"], ["schedule", "run", "weekly"], ["schedule", "update", "--on", "daily", "120"], ["health", "120"],
        ]
        for command in arguments {
            let run = try await CLITests.run(command + ["--bogus", "--json"], environment: ProcessInfo.processInfo.environment)
            let message = Self.expectFailure(run, code: 64, command.joined(separator: " "))
            #expect(message.contains("--bogus"), "\(command): \(message)")
        }
        let root = try await CLITests.run(["probe", "--root", "/nonexistent/host", "--json"], environment: ProcessInfo.processInfo.environment)
        #expect(Self.expectFailure(root, code: 64, "probe --root").contains("--root"))
        let typo = try await CLITests.run(["storage", "--nod", "pve1"], environment: ProcessInfo.processInfo.environment)
        #expect(typo.status == 64 && typo.errors.contains("Did you mean '--node'?"), "\(typo.errors)")
    }

    @Test("the same wrong node name gives the same code and message in every command")
    func wrongNode() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.call("add_ct", [120, "kept"])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let commands: [[String]] = [
                ["storage"], ["templates"], ["inspect", "120"], ["destroy", "120", "--yes"],
                ["plan", "debian", "--os-version", "12"], ["create", "debian", "--os-version", "12", "--yes"],
            ]
            var messages: Set<String> = []
            for command in commands {
                let run = try await CLITests.run(command + ["--node", "pve9", "--json"], environment: environment)
                let message = Self.expectFailure(run, code: 64, command.joined(separator: " "))
                messages.insert(message.components(separatedBy: "\n").first ?? "")
            }
            #expect(messages == ["node 'pve9' (--node) is not in this cluster; nodes: pve1, pve2; did you mean pve1?"])
            #expect(try await pve.containerIDs() == [120], "nothing was removed or created")
        }
    }

    @Test("PROXMOX_VE_NODE names the node of create, plan, storage and templates, and their messages name it")
    func nodeFromEnvironment() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["PROXMOX_VE_NODE"] = "pve9"
            for command in [["storage"], ["templates"], ["plan", "debian", "--os-version", "12"]] {
                let run = try await CLITests.run(command + ["--json"], environment: environment)
                let message = Self.expectFailure(run, code: 64, command.joined(separator: " "))
                #expect(message.hasPrefix("node 'pve9' (PROXMOX_VE_NODE) is not in this cluster"), "\(command): \(message)")
            }
            environment["PROXMOX_VE_NODE"] = "pve 2"
            let invalid = try await CLITests.run(["storage", "--json"], environment: environment)
            #expect(Self.expectFailure(invalid, code: 64, "storage").hasPrefix("PROXMOX_VE_NODE 'pve 2': not a node name"))
            environment["PROXMOX_VE_NODE"] = "pve2"
            let storage = try await CLITests.run(["storage", "--json"], environment: environment)
            #expect(storage.status == 0 && storage.json["node"] as? String == "pve2", "\(storage.errors)")
            #expect(storage.json["nodeReason"] as? String == "given with PROXMOX_VE_NODE")
            let templates = try await CLITests.run(["templates"], environment: environment)
            #expect(templates.output.hasPrefix("Node pve2 (given with PROXMOX_VE_NODE):\n"), "\(templates.output)")
            let flag = try await CLITests.run(["storage", "--node", "pve1"], environment: environment)
            #expect(flag.output.hasPrefix("Node pve1 (given with --node):\n"), "--node wins over the environment: \(flag.output)")
        }
    }

    @Test("success and each failure class with --json: one document, the documented code")
    func failureClasses() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [120, "kept"])
            try pve.call("add_ct", [121, "gone"])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            for command in [["nodes"], ["storage"], ["templates"], ["explain-exit", "118"], ["config", "show", "debian"],
                            ["plan", "debian", "--os-version", "12"], ["inspect", "120"], ["destroy", "121", "--yes"]] {
                let run = try await CLITests.run(command + ["--json"], environment: environment)
                #expect(run.status == 0, "\(command): \(run.errors)")
                _ = Self.document(run, command.joined(separator: " "))
            }
            let inspect = try await CLITests.run(["inspect", "120", "--json"], environment: environment)
            let shown = Self.document(inspect, "inspect")
            #expect(shown["node"] as? String == "pve1" && shown["status"] as? String == "stopped" && shown["config"] is [String: Any], "\(shown)")

            let notFound = try await CLITests.run(["inspect", "9999", "--json"], environment: environment)
            #expect(Self.expectFailure(notFound, code: BuildExitCode.containerNotFound, "inspect 9999").contains("no container 9999"))
            let notFoundDestroy = try await CLITests.run(["destroy", "9999", "--yes", "--json"], environment: environment)
            _ = Self.expectFailure(notFoundDestroy, code: BuildExitCode.containerNotFound, "destroy 9999")
            let elsewhere = try await CLITests.run(["inspect", "120", "--node", "pve1", "--json"], environment: environment)
            #expect(elsewhere.status == 0, "\(elsewhere.errors)")

            var plain = environment
            plain["PROXMOX_VE_ENDPOINT"] = "http://127.0.0.1:8006"
            for command in [["nodes"], ["storage"], ["inspect", "120"], ["plan", "debian"]] {
                let run = try await CLITests.run(command + ["--json"], environment: plain)
                #expect(Self.expectFailure(run, code: 64, "http:// \(command)").contains("http://"))
            }

            let key = try await CLITests.run(["plan", "debian", "--set", "cpus=2", "--json"], environment: environment)
            let keyMessage = Self.expectFailure(key, code: 64, "--set cpus=2")
            #expect(keyMessage.contains("did you mean var_cpu?") && !keyMessage.contains("var_github_token"), "\(keyMessage)")
            let showKey = try await CLITests.run(["config", "show", "debian", "--set", "cpus=2", "--json"], environment: environment)
            _ = Self.expectFailure(showKey, code: 64, "config show --set cpus=2")

            // No catalog given: a misspelt base OS is refused before anything is fetched (offline or not).
            var offline = environment
            offline["https_proxy"] = "http://127.0.0.1:9"
            offline["HTTPS_PROXY"] = "http://127.0.0.1:9"
            let typo = try await CLITests.run(["create", "debain", "--yes", "--json"], environment: offline)
            #expect(Self.expectFailure(typo, code: 64, "create debain").contains("did you mean debian?"))

            let storage = try await CLITests.run(["plan", "debian", "--os-version", "12", "--storage", "nosuch", "--json"], environment: environment)
            let storageMessage = Self.expectFailure(storage, code: BuildExitCode.usage, "--storage nosuch")
            #expect(storageMessage.contains("no storage of that name") && storageMessage.contains("local-lvm"), "\(storageMessage)")
            let templatesOnly = try await CLITests.run(["plan", "debian", "--os-version", "12", "--storage", "local", "--json"], environment: environment)
            #expect(Self.expectFailure(templatesOnly, code: BuildExitCode.storageUnsupported, "--storage local").contains("rootdir"))
        }
    }

    @Test("every documented exit code is in Docs/exit-codes.md and in the man page's EXIT STATUS, and nothing else is")
    func exitCodeTable() throws {
        let docs = try String(contentsOfFile: FakePVE.packageRoot.appendingPathComponent("Docs/exit-codes.md").path, encoding: .utf8)
        var inDocs: Set<BuildExitCode> = []
        for line in docs.split(separator: "\n") where line.hasPrefix("| ") {
            let first = line.split(separator: "|").first.map(String.init) ?? ""
            let codes = first.split(separator: "/").compactMap { BuildExitCode($0.trimmingCharacters(in: .whitespaces)) }
            if codes.count == first.split(separator: "/").count { inDocs.formUnion(codes) }
        }
        #expect(inDocs == Self.documentedCodes, "missing from the docs: \(Self.documentedCodes.subtracting(inDocs).sorted()); not in BuildExitCode.documented: \(inDocs.subtracting(Self.documentedCodes).sorted())")

        let man = try String(contentsOfFile: FakePVE.packageRoot.appendingPathComponent("Docs/man/lxc-build.1").path, encoding: .utf8)
        let exitStatus = man.components(separatedBy: ".Sh \"EXIT STATUS\"").last?.components(separatedBy: "\n.Sh ").first ?? ""
        var inMan: Set<BuildExitCode> = []
        for line in exitStatus.split(separator: "\n") where line.hasPrefix(".It ") {
            inMan.formUnion(line.dropFirst(4).split(separator: ",").compactMap { BuildExitCode($0.trimmingCharacters(in: .whitespaces)) })
        }
        #expect(inMan == Self.documentedCodes, "the man page's EXIT STATUS differs (make man): \(inMan.symmetricDifference(Self.documentedCodes).sorted())")
        for variable in ["PROXMOX_VE_ENDPOINT", "PROXMOX_VE_API_TOKEN", "PROXMOX_VE_USERNAME", "PROXMOX_VE_PASSWORD", "PROXMOX_VE_OTP",
                         "PROXMOX_VE_FINGERPRINT", "PROXMOX_VE_CA_FILE", "PROXMOX_VE_INSECURE", "PROXMOX_VE_NODE", "LXC_BUILD_DEFAULTS_DIR",
                         "LXC_BUILD_CATALOG_CA_FILE", "LXC_BUILD_LOG_DIR", "XDG_STATE_HOME", "NO_COLOR"] {
            let environment = man.components(separatedBy: ".Sh ENVIRONMENT").last?.components(separatedBy: "\n.Sh ").first ?? ""
            #expect(environment.contains(".It Ev \(variable)"), "\(variable) is missing from the man page's ENVIRONMENT")
        }
        #expect(man.contains(".Sh FILES") && man.contains(".Sh EXAMPLES"))
    }

    /// Symbols and escape sequences: emoji (pictographs and the variation selector) and ESC.
    static func decorations(_ text: String) -> [String] {
        text.unicodeScalars.filter { $0.value == 0x1B || $0.value == 0xFE0F || $0.properties.isEmojiPresentation || (0x2700...0x27BF).contains($0.value) }
            .map { String(format: "U+%04X", $0.value) }
    }

    @Test("no colour, no emoji when stderr is not a terminal (NO_COLOR unset); never emoji in the kept log")
    func plainOutput() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["NO_COLOR"] = nil
            environment["TERM"] = "xterm-256color"
            let logs = try CLITests.temporaryDirectory()
            environment["TMPDIR"] = logs
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            let created = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.5/24", "--gateway", "10.9.0.1", "--yes"], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            #expect(created.errors.contains("Container ID:"), "the summary is printed: \(created.errors)")
            #expect(Self.decorations(created.errors + created.output).isEmpty, "\(Self.decorations(created.errors)): \(created.errors)")

            try pve.failStarts("missing 'rootfs' configuration")
            let failed = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.6/24", "--gateway", "10.9.0.1", "--yes"], environment: environment)
            #expect(failed.status != 0)
            #expect(Self.decorations(failed.errors + failed.output).isEmpty, "\(failed.errors)")
            let kept = try FileManager.default.contentsOfDirectory(atPath: logs).filter { $0.hasSuffix(".log") }
            #expect(kept.count == 1, "\(kept)")
            for name in kept {
                let log = try String(contentsOfFile: (logs as NSString).appendingPathComponent(name), encoding: .utf8)
                #expect(log.contains("Container ID:") && Self.decorations(log).isEmpty, "\(log)")
            }
        }
    }

    @Test("completions carry values: modes, apps, and the cluster's nodes and storages")
    func completionValues() async throws {
        let script = try await CLITests.run(["completions", "bash"], environment: ProcessInfo.processInfo.environment)
        #expect(script.status == 0 && script.output.contains("mydefaults") && script.output.contains("retry-verbose"))
        let apps = try await CLITests.run(["---completion", "create", "--", "positional@0", "0", "0", ""], environment: ProcessInfo.processInfo.environment)
        #expect(apps.output.split(separator: "\n").contains("debian"), "\(apps.output)")
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let nodes = try await CLITests.run(["---completion", "storage", "--", "--node", "0", "0", ""], environment: environment)
            #expect(nodes.output.split(separator: "\n") == ["pve1", "pve2"], "\(nodes.output) \(nodes.errors)")
            let storages = try await CLITests.run(["---completion", "create", "--", "--storage", "0", "0", "", "--node", "pve1"], environment: environment)
            #expect(storages.output.split(separator: "\n").contains("local-lvm"), "\(storages.output) \(storages.errors)")
        }
    }

    @Test("an app that is not in the catalog folder: 64 with the nearest app of the folder, before any request")
    func appSuggestion() async throws {
        let catalog = try CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
        try "APP=\"Webthing\"\nvar_cpu=\"${var_cpu:-2}\"\n".write(toFile: catalog + "/ct/webthing.sh", atomically: false, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["PROXMOX_VE_ENDPOINT"] = "https://127.0.0.1:9"
        environment["PROXMOX_VE_API_TOKEN"] = "root@pam!t=00000000-0000-0000-0000-000000000000"
        environment["LXC_BUILD_DEFAULTS_DIR"] = catalog
        let run = try await CLITests.run(["plan", "webthng", "--catalog", catalog, "--json"], environment: environment)
        #expect(Self.expectFailure(run, code: 64, "plan webthng").contains("did you mean webthing?"))
    }

    @Test("--verbose: lines in the order things happen; on a failure the failing step's line comes before the cleanup")
    func verboseOrder() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.7/24", "--gateway", "10.9.0.1",
                                              "--yes", "--verbose"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let created = try #require(run.errors.range(of: "Creating the container: container"), "\(run.errors)")
            let starting = try #require(run.errors.range(of: "Starting the container..."), "\(run.errors)")
            #expect(created.lowerBound < starting.lowerBound, "\(run.errors)")

            try pve.failStarts("missing 'rootfs' configuration")
            let failed = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.8/24", "--gateway", "10.9.0.1",
                                                 "--yes", "--verbose"], environment: environment)
            #expect(failed.status != 0)
            let failure = try #require(failed.errors.range(of: "Starting the container: "), "\(failed.errors)")
            let cleanup = try #require(failed.errors.range(of: "Removing the half-built container"), "\(failed.errors)")
            #expect(failure.lowerBound < cleanup.lowerBound, "\(failed.errors)")
        }
    }
}
