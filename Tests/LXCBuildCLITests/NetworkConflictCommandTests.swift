import Foundation
import LXCBuildTestSupport
import Testing

/// `create` refuses a bridge the node does not have, before anything is written.
@Suite("create refuses network conflicts", .serialized)
struct NetworkConflictCommandTests {
    @Test("create --bridge vmbr9 (no such bridge) exits 64 naming the bridge and the node's; nothing is written")
    func missingBridge() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(
                ["create", "debian", "--os-version", "12", "--bridge", "vmbr9", "--ip", "10.30.0.7/24", "--yes"], environment: environment)
            #expect(run.status == 64, "\(run.errors)")
            #expect(run.errors.contains("var_brg vmbr9: node pve1 has no bridge or SDN vnet vmbr9 (it has: vmbr0)"), "\(run.errors)")
            #expect(try pve.writes().isEmpty)
        }
    }
}
