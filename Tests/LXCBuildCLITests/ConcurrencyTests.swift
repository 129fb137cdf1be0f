import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

@Suite("Concurrent lxc-build processes", .serialized)
struct ConcurrencyTests {
    @Test("ten creates at once on a three-node fake: all succeed, every CTID distinct, on the nodes asked for")
    func tenAtOnce() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let runs = try await withThrowingTaskGroup(of: CLITests.Run.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await CLITests.run(
                            ["create", "debian", "--os-version", "12", "--node", "pve1", "--hostname", "par-\(index)",
                             "--ip", "10.50.0.\(10 + index)/24", "--json"], environment: environment)
                    }
                }
                var all: [CLITests.Run] = []
                for try await run in group { all.append(run) }
                return all
            }
            for run in runs { #expect(run.status == 0, "\(run.errors)") }
            let ids = runs.compactMap { $0.json["ctid"] as? Int }
            #expect(ids.count == 10 && Set(ids).count == 10)
            #expect(try await pve.containerIDs().sorted() == ids.sorted())
        }
    }
}
