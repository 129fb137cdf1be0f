import Foundation
import LXCBuildTestSupport
import Testing

/// What `config show`, `plan` and the summary say is what `create` sends: the built executable against fakepve.
@Suite("One truth from settings to requests", .serialized)
struct OneTruthTests {
    /// The `features` parameter of each `POST /nodes/pve1/lxc` fakepve recorded, in order (`nil`: not sent).
    static func sentFeatures(_ pve: FakePVE) throws -> [String?] {
        try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").map { $0["features"] }
    }

    static func setting(_ run: CLITests.Run, _ key: String) -> (value: String?, source: String?) {
        let entry = (run.json["settings"] as? [String: [String: Any]])?[key]
        return (entry?["value"] as? String, entry?["source"] as? String)
    }

    /// The line of `config show`'s table for `key`, its columns split on white space.
    static func tableRow(_ run: CLITests.Run, _ key: String) -> [String] {
        let line = run.output.split(separator: "\n").first { $0.hasPrefix(key + " ") }
        return line.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    @Test("keyctl: config show (text and JSON) prints the derived 1, create sends it, config save leaves it out (no choice), appdefaults derives it again")
    func keyctlUnprivileged() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let defaults = try CLITests.temporaryDirectory()
            let environment = CLITests.environment(for: pve, defaults: defaults)
            let shown = try await CLITests.run(["config", "show", "debian", "--json"], environment: environment)
            #expect(shown.status == 0, "\(shown.errors)")
            #expect(Self.setting(shown, "var_keyctl") == ("1", "derived (var_unprivileged=1)"))
            #expect(Self.setting(shown, "var_hostname") == ("debian", "derived (app debian)"))
            let table = try await CLITests.run(["config", "show", "debian"], environment: environment)
            #expect(Self.tableRow(table, "var_keyctl") == ["var_keyctl", "1", "derived", "(var_unprivileged=1)"], "\(table.output)")

            let created = try await CLITests.run(
                ["create", "debian", "--os-version", "12", "--ip", "10.30.0.7/24", "--yes", "--json"], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            #expect(try Self.sentFeatures(pve) == ["nesting=1,keyctl=1"])

            let saved = try await CLITests.run(["config", "save", "debian"], environment: environment)
            #expect(saved.status == 0, "\(saved.errors)")
            let file = try String(contentsOfFile: defaults + "/defaults/debian.vars", encoding: .utf8)
            #expect(!file.contains("var_keyctl") && !file.contains("var_hostname"), "derived values are not frozen: \(file)")

            let again = try await CLITests.run(
                ["create", "debian", "--mode", "appdefaults", "--os-version", "12", "--ip", "10.30.0.8/24", "--yes", "--json"],
                environment: environment)
            #expect(again.status == 0, "\(again.errors)")
            #expect(try Self.sentFeatures(pve) == ["nesting=1,keyctl=1", "nesting=1,keyctl=1"])
        }
    }

    @Test("keyctl with var_unprivileged=0: derived 0 in config show, absent from the create request; the saved file holds the choice, not the derived keyctl")
    func keyctlPrivileged() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let defaults = try CLITests.temporaryDirectory()
            var environment = CLITests.environment(for: pve, defaults: defaults)
            environment["var_unprivileged"] = "0"
            let shown = try await CLITests.run(["config", "show", "debian", "--json"], environment: environment)
            #expect(Self.setting(shown, "var_keyctl") == ("0", "derived (var_unprivileged=0)"))
            let created = try await CLITests.run(
                ["create", "debian", "--os-version", "12", "--ip", "10.30.0.7/24", "--yes", "--json"], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            #expect(try Self.sentFeatures(pve) == ["nesting=1"])
            let saved = try await CLITests.run(["config", "save", "debian"], environment: environment)
            #expect(saved.status == 0, "\(saved.errors)")
            let file = try String(contentsOfFile: defaults + "/defaults/debian.vars", encoding: .utf8)
            #expect(!file.contains("var_keyctl") && file.split(separator: "\n").contains("var_unprivileged=0"), "\(file)")
        }
    }

    @Test("--os-version, --set var_version and --ctid that cannot be honoured: 225 / 206, no write, no container")
    func commandLineValuesAreHonouredOrStop() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            for arguments in [["--os-version", "11"], ["--set", "version=11"]] {
                let run = try await CLITests.run(["create", "debian"] + arguments + ["--ip", "10.30.0.7/24", "--yes", "--json"],
                                                 environment: environment)
                #expect(run.status == 225, "\(arguments): \(run.errors)")
                let error = run.json["error"] as? [String: Any]
                #expect(error?["exitCode"] as? Int == 225)
                #expect((error?["message"] as? String)?.contains("var_version=11 (given on the command line)") == true)
            }
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs().isEmpty)

            try pve.call("add_ct", [100, "taken"])
            let taken = try await CLITests.run(
                ["create", "debian", "--os-version", "12", "--ctid", "100", "--ip", "10.30.0.7/24", "--yes"], environment: environment)
            #expect(taken.status == 206, "\(taken.errors)")
            #expect(taken.errors.contains("var_ctid=100 (given on the command line) is already in use"))
            #expect(!taken.errors.contains("Creating a debian LXC"), "no summary of a build that will not happen")
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs() == [100])
        }
    }

    @Test("the same values from the environment are substituted, shown in plan and summary before the create")
    func environmentValuesAreSubstitutedVisibly() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [100, "taken"])
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["var_version"] = "11"
            environment["var_ctid"] = "100"

            let plan = try await CLITests.run(["plan", "debian", "--ip", "10.30.0.7/24", "--json"], environment: environment)
            #expect(plan.status == 0, "\(plan.errors)")
            #expect(plan.json["ctid"] as? Int == 101 && plan.json["osVersion"] as? String == "12")
            let warnings = plan.json["warnings"] as? [[String: String]] ?? []
            #expect(warnings.map { $0["code"] } == ["template-version-substituted", "ctid-substituted"])
            #expect(warnings.first?["message"]?.contains("using the nearest version 12") == true)
            let text = try await CLITests.run(["plan", "debian", "--ip", "10.30.0.7/24"], environment: environment)
            #expect(text.output.contains("ctid:      101 (instead of var_ctid=100: ctid-substituted)"), "\(text.output)")
            #expect(text.output.contains("(instead of var_version=11: template-version-substituted)"))
            #expect(try pve.writes().isEmpty)

            let create = try await CLITests.run(["create", "debian", "--ip", "10.30.0.7/24", "--yes"], environment: environment)
            #expect(create.status == 0, "\(create.errors)")
            let stderr = create.errors
            let summary = try #require(stderr.range(of: "OS: debian 12 (\(FakePVE.debianTemplate)) (instead of var_version=11"), "\(stderr)")
            let warning = try #require(stderr.range(of: "var_version=11: no debian 11 template exists; using the nearest version 12"))
            let ctidLine = try #require(stderr.range(of: "Container ID: 101 (instead of var_ctid=100"))
            let created = try #require(stderr.range(of: "Creating the container: container 101"))
            #expect(warning.lowerBound < summary.lowerBound && summary.lowerBound < created.lowerBound)
            #expect(ctidLine.lowerBound < created.lowerBound)
            #expect(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").map { $0["ostemplate"] } == ["local:vztmpl/\(FakePVE.debianTemplate)"])

            let json = try await CLITests.run(["create", "debian", "--ip", "10.30.0.8/24", "--yes", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.errors)")
            #expect(json.json["ctid"] as? Int == 102)
            let codes = (json.json["warnings"] as? [[String: String]] ?? []).map { $0["code"] }
            #expect(codes.starts(with: ["template-version-substituted", "ctid-substituted"]))
            // --json keeps stdout one document; the substitutions are on stderr too, as they are decided.
            #expect(json.errors.contains("using the nearest version 12") && json.errors.contains("using 102, the next free id"), "\(json.errors)")
        }
    }
}
