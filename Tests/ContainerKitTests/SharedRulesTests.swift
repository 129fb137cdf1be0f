import ConfigResolution
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The rules the command line used to repeat, now one public function each in ContainerKit.
@Suite("Rules shared by the create and the other commands")
struct SharedRulesTests {
    @Test("storage health: build.func's thresholds at their boundaries, disabled and inactive first")
    func storageHealth() throws {
        let cases: [(Double?, StorageHealth)] = [
            (nil, .ok), (0.0, .ok), (0.849, .ok), (0.85, .warning), (0.949, .warning), (0.95, .critical), (0.979, .critical),
            (0.98, .full), (1.0, .full),
        ]
        for (fraction, health) in cases { #expect(StorageHealth(usedFraction: fraction) == health, "\(String(describing: fraction))") }
        let disabled = try StorageSummary(json: StorageChoiceTests.row("off", enabled: 0, used: 59_000_000_000))
        let inactive = try StorageSummary(json: StorageChoiceTests.row("gone", active: 0))
        let full = try StorageSummary(json: StorageChoiceTests.row("full", avail: 600_000_000, used: 59_400_000_000))
        #expect(StorageHealth(disabled) == .disabled)
        #expect(StorageHealth(inactive) == .inactive)
        #expect(StorageHealth(full) == .full)
    }

    static func nodes(_ rows: [(String, String)]) throws -> [NodeSummary] {
        try rows.map { (name, status) throws(ProxmoxError) in
            try NodeSummary(json: ["node": .string(name), "status": .string(status), "maxcpu": 4, "maxmem": 8_589_934_592, "mem": 1_073_741_824])
        }
    }

    @Test("node rule: a name not in the cluster is 64 with the nodes and the nearest name; offline is 69; none named picks by one rule")
    func nodeRule() throws {
        let nodes = try Self.nodes([("pve2", "online"), ("pve1", "online"), ("pve3", "offline")])
        #expect(try NodeSelection.named("pve1", among: nodes).node == "pve1")
        let wrong = #expect(throws: BuildError.self) { try NodeSelection.named("pve9", among: nodes) }
        #expect(wrong?.exitCode == 64)
        #expect(wrong?.message == "node 'pve9' (--node) is not in this cluster; nodes: pve1, pve2, pve3; did you mean pve1?")
        let far = #expect(throws: BuildError.self) { try NodeSelection.named("storage-host", among: nodes) }
        #expect(far?.message.contains("did you mean") == false)
        let offline = #expect(throws: BuildError.self) { try NodeSelection.named("pve3", among: nodes) }
        #expect(offline?.exitCode == BuildExitCode.serviceUnavailable)

        #expect(try NodeSelection.unnamed(among: nodes, localNode: "pve2", identity: "root@pam").name == "pve2")
        #expect(try NodeSelection.unnamed(among: nodes, localNode: "pve3", identity: "root@pam").name == "pve1")
        #expect(try NodeSelection.unnamed(among: nodes, localNode: nil, identity: "root@pam").name == "pve1")
        let none = #expect(throws: BuildError.self) {
            try NodeSelection.unnamed(among: try Self.nodes([("pve1", "offline")]), localNode: nil, identity: "t")
        }
        #expect(none?.exitCode == BuildExitCode.serviceUnavailable)
    }

    @Test("connection secrets: the token's secret, also when the token is written the wrong way round; never its id")
    func connectionSecrets() {
        let right = ConnectionSettings(environment: ["PROXMOX_VE_API_TOKEN": "root@pam!ci=0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff"])
        #expect(right.secrets == ["0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff"])
        let reversed = ConnectionSettings(environment: ["PROXMOX_VE_API_TOKEN": "0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff=root@pam!ci"])
        #expect(reversed.secrets.contains("0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff"))
        #expect(!reversed.secrets.contains("root@pam!ci"))
        let password = ConnectionSettings(environment: ["PROXMOX_VE_PASSWORD": " pass word ", "PROXMOX_VE_OTP": "123456"])
        #expect(Set(password.secrets) == [" pass word ", "123456"])
    }

    @Test("container removal: a running container is stopped, then destroyed; a missing one is .notFound")
    func removal() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [130, "running"], ["status": "running"])
            let client = try pve.passwordClient()
            try await ContainerRemoval.stopAndDestroy(ctid: 130, node: "pve1", client: client, timeout: .seconds(60))
            #expect(try await pve.containerIDs().isEmpty)
            let writes = try pve.writes().map { "\($0.method) \($0.path)" }
            #expect(writes.contains { $0.hasSuffix("/lxc/130/status/stop") })
            #expect(writes.last?.hasPrefix("DELETE") == true)
            await #expect(throws: ProxmoxError.self) {
                try await ContainerRemoval.stopAndDestroy(ctid: 130, node: "pve1", client: client, timeout: .seconds(60))
            }
        }
    }

    @Test("near-miss names: small edit distances are suggested, far ones and exact ones are not")
    func spelling() {
        let keys = ConfigKey.allCases.map(\.variableName)
        #expect(Spelling.nearest(to: "var_cpus", among: keys) == "var_cpu")
        #expect(Spelling.nearest(to: "var_hostnme", among: keys) == "var_hostname")
        #expect(Spelling.nearest(to: "var_completely_else", among: keys) == nil)
        #expect(Spelling.nearest(to: "debain", among: ["debian", "ubuntu", "alpine"]) == "debian")
        #expect(Spelling.nearest(to: "debian", among: ["debian"]) == nil)
        #expect(Spelling.distance("kitten", "sitting") == 3)
    }
}
