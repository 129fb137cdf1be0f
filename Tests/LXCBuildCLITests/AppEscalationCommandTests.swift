import Foundation
import LXCBuildTestSupport
import Testing

/// What an app may ask for is said plainly and can be refused: a catalog script may ask for a
/// privileged container and devices, as build.func allows; `plan` and the summary list each under its own heading
/// with the script line, and `var_app_escalation=refuse` (`--refuse-app-escalation`, a stack's settings) stops the
/// run with 64 before any write.
@Suite("What an app asks for is shown and can be refused", .serialized)
struct AppEscalationCommandTests {
    /// A catalog whose `ct/vpn.sh` asks for a privileged container (line 5) and TUN (line 6).
    static func vpnCatalog() throws -> (folder: String, script: String) {
        let catalog = try CLITests.temporaryDirectory()
        for folder in ["ct", "install"] {
            try FileManager.default.createDirectory(atPath: catalog + "/" + folder, withIntermediateDirectories: true)
        }
        try "echo install\n".write(toFile: catalog + "/install/vpn-install.sh", atomically: true, encoding: .utf8)
        let script = """
            #!/usr/bin/env bash
            APP="VPN"
            var_cpu="${var_cpu:-2}"
            var_version="${var_version:-12}"
            var_unprivileged="${var_unprivileged:-0}"
            var_tun="${var_tun:-yes}"
            var_nesting="${var_nesting:-1}"
            start
            """
        let path = catalog + "/ct/vpn.sh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return (catalog, path)
    }

    static let arguments = ["--node-shell", "none", "--no-install"]

    /// What each test works with: fakepve with a Debian 12 template, the catalog, its script and the environment.
    struct Fixture {
        let pve: FakePVE
        let catalog: String
        let script: String
        let environment: [String: String]
        let folder: String

        /// `lxc-build COMMAND vpn --catalog CATALOG` with `more` and ``arguments``.
        func run(_ command: String, _ more: [String] = [], environment: [String: String]? = nil) async throws -> CLITests.Run {
            try await CLITests.run([command, "vpn", "--catalog", catalog] + more + AppEscalationCommandTests.arguments,
                                   environment: environment ?? self.environment)
        }
    }

    static func withVPN(_ body: (Fixture) async throws -> Void) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let (catalog, script) = try vpnCatalog()
            let folder = try CLITests.temporaryDirectory()
            try await body(Fixture(pve: pve, catalog: catalog, script: script,
                                   environment: CLITests.environment(for: pve, defaults: folder), folder: folder))
        }
    }

    @Test("plan lists privileged and TUN under \"App asks for\" with the script's lines, in text and in --json")
    func planShowsEscalations() async throws {
        try await Self.withVPN { fixture in
            let (pve, script) = (fixture.pve, fixture.script)
            let text = try await fixture.run("plan")
            #expect(text.status == 0, "\(text.errors)")
            let lines = text.output.split(separator: "\n").map(String.init)
            let heading = try #require(lines.firstIndex { $0.hasPrefix("App asks for") }, "\(text.output)")
            #expect(lines[heading + 1] == "  var_unprivileged=0: a privileged container: root inside it is root on the node "
                + "(app-script:\(script):5)")
            #expect(lines[heading + 2] == "  var_tun=yes: TUN/TAP passthrough: the node's /dev/net/tun in the container "
                + "(app-script:\(script):6)")
            #expect(!text.output.contains("var_nesting=1:"), "nesting is on in the built-in container too")

            let json = try await fixture.run("plan", ["--json"])
            #expect(json.status == 0, "\(json.errors)")
            let escalations = json.json["appEscalations"] as? [[String: String]] ?? []
            #expect(escalations.map { $0["variable"] } == ["var_unprivileged", "var_tun"], "\(json.output)")
            #expect(escalations.map { $0["source"] } == ["app-script:\(script):5", "app-script:\(script):6"])
            #expect(escalations.first?["value"] == "0")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("create: the summary lists what the app asks for before the container is created")
    func summaryShowsEscalations() async throws {
        try await Self.withVPN { fixture in
            let (pve, script) = (fixture.pve, fixture.script)
            let run = try await fixture.run("create", ["--ip", "10.30.0.9/24", "--yes"])
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("App asks for: var_unprivileged=0: a privileged container: root inside it is root on the "
                + "node (app-script:\(script):5)"), "\(run.errors)")
            #expect(run.errors.contains("App asks for: var_tun=yes: "), "\(run.errors)")
            #expect(try await pve.containerIDs() == [100])
        }
    }

    @Test("--refuse-app-escalation and var_app_escalation=refuse stop create and plan with 64, naming each, with no write")
    func refused() async throws {
        try await Self.withVPN { fixture in
            let (pve, script) = (fixture.pve, fixture.script)
            var environment = fixture.environment
            let create = try await fixture.run("create", ["--yes", "--refuse-app-escalation"])
            #expect(create.status == 64, "\(create.errors)")
            #expect(create.errors.contains("var_app_escalation=refuse (--refuse-app-escalation)"), "\(create.errors)")
            #expect(create.errors.contains("var_unprivileged=0: a privileged container: root inside it is root on the node "
                + "(app-script:\(script):5)"), "\(create.errors)")
            #expect(create.errors.contains("var_tun=yes: TUN/TAP passthrough"), "\(create.errors)")
            #expect(create.errors.contains("--set var_unprivileged=0 --set var_tun=yes"), "how to allow it: \(create.errors)")

            environment["var_app_escalation"] = "refuse"
            let plan = try await fixture.run("plan", ["--json"], environment: environment)
            #expect(plan.status == 64, "\(plan.errors)")
            let error = plan.json["error"] as? [String: Any] ?? [:]
            #expect((error["message"] as? String)?.contains("var_app_escalation=refuse (env)") == true, "\(plan.output)")
            #expect(error["category"] as? String == "config")
            #expect(try pve.requests().isEmpty, "refused before any request, reads included")
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("the same values given by the operator are no escalation: refuse lets the run go on")
    func operatorValues() async throws {
        try await Self.withVPN { fixture in
            let run = try await fixture.run("plan", ["--json", "--refuse-app-escalation", "--set", "var_unprivileged=0", "--set", "tun=yes"])
            #expect(run.status == 0, "\(run.errors)")
            #expect((run.json["appEscalations"] as? [Any])?.isEmpty == true, "\(run.output)")
            let requests = run.json["requests"] as? [[String: Any]] ?? []
            let create = try #require(requests.first { ($0["path"] as? String)?.hasSuffix("/lxc") == true })
            #expect((create["parameters"] as? [String: String])?["unprivileged"] == "0", "the operator's value is sent")
        }
    }

    @Test("a stack's settings may refuse: apply stops with 64 before any request that writes")
    func stackRefuses() async throws {
        try await Self.withVPN { fixture in
            let (pve, catalog, script) = (fixture.pve, fixture.catalog, fixture.script)
            let file = fixture.folder + "/vpn.yaml"
            try """
                defaults:
                  app: vpn
                  settings: {var_app_escalation: refuse}
                containers:
                  vpn1:
                    settings: {var_net: 10.0.0.11/24, var_gateway: 10.0.0.1}
                """.write(toFile: file, atomically: true, encoding: .utf8)
            let run = try await CLITests.run(["apply", file, "--catalog", catalog, "--yes", "--no-install"], environment: fixture.environment)
            #expect(run.status == 64, "\(run.errors)")
            #expect(run.errors.contains("var_app_escalation=refuse (stack:\(file):vpn1)"), "\(run.errors)")
            #expect(run.errors.contains("(app-script:\(script):5)"), "\(run.errors)")
            #expect(try pve.requests().isEmpty, "refused when the file is read, before any request")
        }
    }
}
