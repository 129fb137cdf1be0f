import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// A library user who builds a spec from resolved settings gets the same refusal as the command line.
@Suite("App escalations in the builder", .serialized)
struct AppEscalationPlanTests {
    /// The spec of an app whose script asks for a privileged container on line 5, with `environment`.
    static func spec(environment: [String: String]) throws -> ContainerSpec {
        let app = try AppProfile(name: "vpn", declaredDefaults: [.unprivileged: "0", .version: "12"], scriptPath: "/cat/ct/vpn.sh",
                                 declarationLines: ["var_unprivileged": 5, "var_version": 4])
        let configuration = try ResolvedConfiguration(mode: .default, app: app, layers: [
            .environment(environment), .app(app), .builtIn(),
        ])
        var spec = try ContainerSpec(configuration: configuration)
        spec.network.ipv4 = .fixed("10.20.0.5/24")
        return spec
    }

    @Test("the spec carries what the app asks for; with refuse, plan stops with 64 before any request")
    func planRefuses() async throws {
        let allowed = try Self.spec(environment: [:])
        #expect(allowed.appEscalations.map(\.description)
            == ["var_unprivileged=0: a privileged container: root inside it is root on the node (app-script:/cat/ct/vpn.sh:5)"])
        #expect(!allowed.refusesAppEscalations)
        try allowed.checkAppEscalations()
        let refusing = try Self.spec(environment: ["var_app_escalation": "refuse"])
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            await #expect {
                _ = try await pve.builder().plan(refusing)
            } throws: { error in
                let error = error as? BuildError
                return error?.exitCode == 64 && error?.message.contains("var_app_escalation=refuse (env)") == true
                    && error?.message.contains("(app-script:/cat/ct/vpn.sh:5)") == true
            }
            #expect(try pve.requests().isEmpty)
            #expect(try await pve.builder().plan(allowed).spec.appEscalations == allowed.appEscalations)
        }
    }
}
