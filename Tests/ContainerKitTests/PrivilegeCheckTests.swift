import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Privileges before writes (issue 15, item 8): a token that may create and start but not read a container must
/// not get one started that its cleanup cannot see. The plan reads the caller's permissions and refuses with 77.
@Suite("Privileges are checked before the first write", .serialized)
struct PrivilegeCheckTests {
    static let token = "ops@pve!build"

    /// Everything a create of `staticSpec()` needs, except the privileges in `withholding`.
    static func grant(_ pve: FakePVE, withholding: Set<String> = []) throws {
        try pve.command(["op": "setitem", "attr": "apitokens", "key": token, "value": "token-secret-1"])
        let grants: [(String, [String])] = [
            ("/vms", ["VM.Allocate", "VM.PowerMgmt", "VM.Audit", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Disk",
                      "VM.Config.Network", "VM.Config.Options"]),
            ("/storage", ["Datastore.AllocateSpace", "Datastore.Audit"]),
            ("/sdn", ["SDN.Use"]),
            ("/", ["Sys.Audit"]),
        ]
        for (path, privileges) in grants {
            try pve.call("grant", [token, path] + privileges.filter { !withholding.contains($0) })
        }
    }

    static func tokenClient(_ pve: FakePVE) throws -> ProxmoxClient {
        try pve.client(credentials: .apiToken(try APIToken(parsing: "\(token)=token-secret-1")))
    }

    static func spec() -> ContainerSpec {
        var spec = staticSpec()
        spec.features.keyctl = false  // keyctl needs root@pam, which a token never is
        return spec
    }

    @Test("a token without VM.Audit is refused with 77 naming it; nothing is written")
    func missingAudit() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try Self.grant(pve, withholding: ["VM.Audit"])
            let builder = ContainerBuilder(client: try Self.tokenClient(pve), sleep: { _ in })
            let failure = await #expect(throws: BuildError.self) { try await builder.create(Self.spec()) }
            #expect(failure?.exitCode == BuildExitCode.permissionDenied)
            #expect(failure?.message.contains("VM.Audit on /vms/100") == true, "\(failure?.message ?? "")")
            #expect(failure?.message.contains("VM.Allocate") == false, "only what is missing is named")
            let writes = try pve.writes()
            #expect(writes.isEmpty, "\(writes)")
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("every missing privilege is named at once, with its path")
    func severalMissing() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try Self.grant(pve, withholding: ["VM.PowerMgmt", "SDN.Use", "Datastore.AllocateSpace"])
            let builder = ContainerBuilder(client: try Self.tokenClient(pve), sleep: { _ in })
            let failure = await #expect(throws: BuildError.self) { try await builder.plan(Self.spec()) }
            let message = failure?.message ?? ""
            #expect(failure?.exitCode == BuildExitCode.permissionDenied)
            #expect(message.contains("VM.PowerMgmt on /vms/100"), "\(message)")
            #expect(message.contains("SDN.Use on /sdn/zones/localnetwork/vmbr0"), "\(message)")
            #expect(message.contains("Datastore.AllocateSpace on /storage/local-lvm"), "\(message)")
            #expect(message.contains(Self.token))
            #expect(!message.contains("token-secret-1"))
        }
    }

    @Test("a token holding every privilege the plan needs builds the container")
    func sufficientToken() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try Self.grant(pve)
            var options = ContainerBuilder.Options()
            options.ipTimeout = .zero
            let result = try await ContainerBuilder(client: try Self.tokenClient(pve), options: options, sleep: { _ in }).create(Self.spec())
            #expect(result.status == "running")
            #expect(try pve.requests().filter { $0.path.hasSuffix("/access/permissions") }.count == 1)
        }
    }

    @Test("token-aware defaults: the derived keyctl a token cannot set is dropped as a substitution, shown before any write")
    func tokenDropsDerivedKeyctl() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try Self.grant(pve)
            var options = ContainerBuilder.Options()
            options.ipTimeout = .zero
            let builder = ContainerBuilder(client: try Self.tokenClient(pve), options: options, sleep: { _ in })
            var spec = staticSpec()
            spec.sources["var_keyctl"] = "derived (var_unprivileged=1)"
            let plan = try await builder.plan(spec)
            let dropped = try #require(plan.substitutions.first { $0.kind == .rootOnlyFeature })
            #expect(dropped.variable == "var_keyctl" && dropped.code == "feature-dropped-for-login")
            #expect(dropped.message.contains("derived (var_unprivileged=1)") && dropped.message.contains(Self.token))
            #expect(try pve.writes().isEmpty)
            #expect(plan.createRequest.options.features?.keyctl != true)
            _ = try await builder.execute(plan)
            let sent = try #require(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").first)
            #expect(sent["features"]?.contains("keyctl") != true, "\(sent["features"] ?? "")")
        }
    }

    @Test("a root-only feature given on the command line is kept, and a token is refused with 77 before any write")
    func pinnedFeatureRefused() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try Self.grant(pve)
            var spec = staticSpec()
            spec.features.keyctl = true
            spec.pinned.insert(.rootOnlyFeatures)
            let builder = ContainerBuilder(client: try Self.tokenClient(pve), sleep: { _ in })
            let failure = await #expect(throws: BuildError.self) { try await builder.plan(spec) }
            #expect(failure?.exitCode == BuildExitCode.permissionDenied)
            #expect(failure?.message.contains("keyctl") == true)
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("grants propagate from ancestors only when they propagate")
    func propagation() {
        let permissions = Permissions(byPath: ["/": ["Sys.Audit": true], "/vms": ["VM.Audit": false], "/vms/100": ["VM.Allocate": false]])
        #expect(permissions.holds("Sys.Audit", on: "/vms/100"))
        #expect(!permissions.holds("VM.Audit", on: "/vms/100"))
        #expect(permissions.holds("VM.Audit", on: "/vms"))
        #expect(permissions.holds("VM.Allocate", on: "/vms/100"))
        #expect(!permissions.holds("VM.Allocate", on: "/vms/1000"))
    }

    @Test("root@pam is not asked for its permissions")
    func rootSkips() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            _ = try await ContainerBuilder(client: try pve.passwordClient(), sleep: { _ in }).plan(staticSpec())
            #expect(try pve.requests().allSatisfy { !$0.path.hasSuffix("/access/permissions") })
        }
    }
}
