import Foundation
import LXCBuildTestSupport
import Testing

@Suite("lxc-build config and probe")
struct ConfigAndProbeCommandTests {
    func environment(defaults: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && $0.key != "mode" && $0.key != "MODE" }
        environment["LXC_BUILD_DEFAULTS_DIR"] = defaults
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        return environment
    }

    @Test("config show --json explains every value with its source; secrets are masked")
    func configShow() async throws {
        let defaults = try CLITests.temporaryDirectory()
        try "var_cpu=4\nvar_pw=\"Global-Secret1\"\nvar_tags=\"a;b\"\n".write(toFile: defaults + "/default.vars", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: defaults + "/default.vars")
        let run = try await CLITests.run(
            ["config", "show", "debian", "--mode", "mydefaults", "--set", "var_disk=10", "--json"],
            environment: environment(defaults: defaults, ["var_ram": "2048"]))
        #expect(run.status == 0, "\(run.errors)")
        let settings = run.json["settings"] as? [String: [String: Any]] ?? [:]
        #expect(settings["var_cpu"]?["source"] as? String == "global-file:\(defaults)/default.vars:1")
        #expect(settings["var_ram"]?["source"] as? String == "env")
        #expect(settings["var_disk"]?["source"] as? String == "flag")
        #expect(settings["var_tags"]?["value"] as? String == "a;b")
        #expect(settings["var_pw"]?["value"] as? String == "********")
        #expect(!run.output.contains("Global-Secret1") && !run.errors.contains("Global-Secret1"))
        #expect(settings.count >= 41)
    }

    @Test("config show --unset: a value from the environment is unset, shown as unset with the flag as source")
    func configUnset() async throws {
        let defaults = try CLITests.temporaryDirectory()
        let environment = environment(defaults: defaults, ["var_mtu": "9000", "var_vlan": "20"])
        let run = try await CLITests.run(["config", "show", "debian", "--unset", "mtu", "--unset", "var_vlan", "--json"],
                                         environment: environment)
        #expect(run.status == 0, "\(run.errors)")
        let settings = run.json["settings"] as? [String: [String: Any]] ?? [:]
        #expect(settings["var_mtu"]?["value"] is NSNull && settings["var_mtu"]?["unset"] as? Bool == true)
        #expect(settings["var_vlan"]?["source"] as? String == "flag")
        let table = try await CLITests.run(["config", "show", "debian", "--unset", "mtu"], environment: environment)
        #expect(table.output.contains { $0 == "\n" } && table.output.split(separator: "\n").contains {
            $0.hasPrefix("var_mtu ") && $0.contains("(unset)") && $0.hasSuffix("flag (--unset)")
        })
        let wrong = try await CLITests.run(["config", "show", "debian", "--unset", "colour"], environment: environment)
        #expect(wrong.status != 0 && wrong.errors.contains("--unset colour: not a setting"))
    }

    @Test("an invalid value makes config show fail, and --json still prints the warnings")
    func configInvalid() async throws {
        let defaults = try CLITests.temporaryDirectory()
        try "var_bogus=1\n".write(toFile: defaults + "/default.vars", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: defaults + "/default.vars")
        let run = try await CLITests.run(["config", "show", "--mode", "mydefaults", "--json"], environment: environment(defaults: defaults, ["var_vlan": "5000"]))
        #expect(run.status != 0)
        #expect((run.errors + run.output).contains("var_vlan"))
        #expect((run.errors + run.output).contains("var_bogus"))
    }

    @Test("config diff and save --json: the changes key by key, secrets masked, the file written 0600; diff exits 1 on a difference, 0 after the save")
    func saveAndDiffJSON() async throws {
        let defaults = try CLITests.temporaryDirectory()
        let environment = environment(defaults: defaults, ["var_pw": "Saved-Secret-5"])
        let diff = try await CLITests.run(["config", "diff", "debian", "--set", "var_cpu=3", "--json"], environment: environment)
        #expect(diff.status == 1, "\(diff.errors)")
        #expect(diff.json["fileExists"] as? Bool == false)
        let changes = diff.json["changes"] as? [[String: Any]] ?? []
        #expect(changes.contains { $0["key"] as? String == "var_cpu" && $0["change"] as? String == "added" && $0["new"] as? String == "3" })
        #expect(!diff.output.contains("Saved-Secret-5"))

        let save = try await CLITests.run(["config", "save", "debian", "--set", "var_cpu=3", "--json"], environment: environment)
        #expect(save.status == 0, "\(save.errors)")
        #expect(save.json["saved"] as? Bool == true && save.json["mode"] as? String == "0600")
        let path = try #require(save.json["path"] as? String)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("var_cpu=3"))
        #expect(!save.output.contains("Saved-Secret-5"))

        let same = try await CLITests.run(["config", "diff", "debian", "--set", "var_cpu=3"], environment: environment)
        #expect(same.status == 0, "\(same.output)\(same.errors)")
    }

    @Test("probe --json --root reads a fixture host: GPUs, devices, host facts and checks")
    func probe() async throws {
        let root = FakePVE.packageRoot.appendingPathComponent("Tests/HostProbeTests/Fixtures/hosts/intel-nvidia").path
        let run = try await CLITests.run(["probe", "--json", "--root", root], environment: ProcessInfo.processInfo.environment)
        // A failed check ends the probe with the first failed check's build.func code (0 when none failed).
        let failed = (run.json["checks"] as? [[String: Any]] ?? []).first { $0["status"] as? String == "failed" }
        #expect(Int(run.status) == failed?["exitCode"] as? Int ?? 0, "\(run.status) \(String(describing: failed)) \(run.errors)")
        let gpus = run.json["gpus"] as? [[String: Any]] ?? []
        #expect(Set(gpus.compactMap { $0["vendor"] as? String }) == ["intel", "nvidia"])
        #expect(run.json["devices"] is [String: Any])
        #expect((run.json["host"] as? [String: Any])?["pveVersion"] != nil)
        let checks = run.json["checks"] as? [[String: Any]] ?? []
        #expect(checks.allSatisfy { $0["name"] is String && $0["ok"] is Bool })
    }
}
