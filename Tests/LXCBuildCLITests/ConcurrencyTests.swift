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

    @Test("ten creates at once need a template only the catalog has: it is downloaded once, the others wait for it")
    func templateDownloadedOnce() async throws {
        try await withFakePVE { pve in
            // A download takes 1.5 s and shows as a running task meanwhile; nothing is in storage before it.
            try pve.serveCatalog(seconds: 1.5)
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["XDG_RUNTIME_DIR"] = try CLITests.temporaryDirectory()  // the runs' shared lock folder
            let shared = environment
            let runs = try await withThrowingTaskGroup(of: CLITests.Run.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await CLITests.run(
                            ["create", "debian", "--os-version", "12", "--hostname", "dl-\(index)", "--ip", "10.51.0.\(10 + index)/24"],
                            environment: shared)
                    }
                }
                var all: [CLITests.Run] = []
                for try await run in group { all.append(run) }
                return all
            }
            for run in runs { #expect(run.status == 0, "\(run.errors)") }
            let downloads = try pve.requests().filter { $0.method == "POST" && $0.path.hasSuffix("/aplinfo") }
            #expect(downloads.count == 1, "\(downloads.count) downloads")
            // One run downloads; each other one finds the template arrived once it holds the lock, waits for the
            // running download, or (started late) finds it in storage when planning.
            #expect(runs.filter { $0.errors.contains("Downloading the template") && $0.errors.contains("(downloaded)") }.count == 1)
            let others = ["arrived on local meanwhile", "already downloading", "newest local one"]
            #expect(runs.filter { run in others.contains { run.errors.contains($0) } }.count == 9)
            #expect(try await pve.containerIDs().count == 10)
        }
    }
}
