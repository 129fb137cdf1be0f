import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// `apply --json`, `apply --plan --json` and `destroy --stack --json` are the encodings of ``ApplyReport``,
/// ``StackPlanReport`` and ``StackDestroyReport``, built from ``StackRunner``'s typed results.
@Suite("Stack reports round-trip", .serialized)
struct StackReportTests {
    @Test("apply: created containers with their address (null when unknown), existing ones with drift and no address, a failure")
    func applyReport() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            let runner = try StackTests.runner(pve)
            var result = try await runner.planAndApply(StackTests.stack(2, name: "report-tier"))
            let report = ApplyReport(result: result)
            let text = try roundTrip(report)
            let document = try members(text)
            #expect(document["status"] as? String == "applied" && document["error"] == nil && document["stack"] as? String == "report-tier")
            let entries = try #require(document["containers"] as? [[String: Any]])
            #expect(entries.map { $0["status"] as? String } == ["created", "created"])
            #expect(Set(entries[0].keys) == ["name", "status", "ctid", "node", "hostname", "ip", "template", "warnings"])
            #expect(report.containers.map(\.ip) == ["10.0.0.11", "10.0.0.12"])

            if case .created(var built) = result.entries[0].outcome {
                built.ip = nil
                result.entries[0].outcome = .created(built)
            }
            result.entries[1].outcome = .failed(BuildError(exitCode: 209, message: "start failed"))
            let failed = try members(try roundTrip(ApplyReport(result: result)))
            let failedEntries = try #require(failed["containers"] as? [[String: Any]])
            #expect(failedEntries[0]["ip"] is NSNull, "a created container's unknown address is null, not left out")
            #expect(Set(failedEntries[1].keys) == ["name", "status", "error"])
            #expect(failed["status"] as? String == "failed")
            #expect((failed["error"] as? [String: Any])?["exitCode"] as? Int == Int(BuildExitCode.stackPartial.rawValue))

            let again = try await runner.planAndApply(StackTests.stack(2, name: "report-tier"))
            let existing = try members(try roundTrip(ApplyReport(result: again)))
            let existingEntries = try #require(existing["containers"] as? [[String: Any]])
            #expect(existingEntries.map { $0["status"] as? String } == ["existing", "existing"])
            #expect(existingEntries.allSatisfy { Set($0.keys) == ["name", "status", "ctid", "node", "drift"] })
        }
    }

    @Test("apply --plan: each container's plan under plan; destroy --stack: removed, not found, left alone, status only on failure")
    func planAndDestroyReports() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let runner = try StackTests.runner(pve)
            let plan = try await runner.plan(StackTests.stack(1, name: "plan-tier"))
            let document = try members(try roundTrip(try StackPlanReport(plan: plan)))
            let entry = try #require((document["containers"] as? [[String: Any]])?.first)
            #expect(entry["status"] as? String == "create" && (entry["plan"] as? [String: Any])?["actions"] is [Any])
            #expect(document["error"] == nil && document["status"] == nil)

            let result = await runner.apply(plan)
            let found = try await runner.marked(stack: "plan-tier", key: StackTests.key, containers: [("web1", "web1"), ("db1", "db1")])
            let removed = try members(try roundTrip(StackDestroyReport(stack: "plan-tier", destroyed: found, notFound: ["db1"], leftAlone: [],
                                                                       failure: nil)))
            #expect(result.exitCode == 0 && removed["status"] == nil && removed["error"] == nil)
            #expect((removed["destroyed"] as? [[String: Any]])?.first?["status"] as? String == "destroyed")
            #expect(removed["notFound"] as? [String] == ["db1"] && (removed["leftAlone"] as? [Any])?.isEmpty == true)
            let refused = try members(try roundTrip(StackDestroyReport(stack: "plan-tier", destroyed: [], notFound: [], leftAlone: found,
                                                                       failure: BuildError(exitCode: 64, message: "unproved"))))
            #expect(refused["status"] as? String == "failed")
            #expect((refused["leftAlone"] as? [[String: Any]])?.first?["proof"] as? String == "verified")
        }
    }
}
