import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// What the plan shows is what apply does: a saved plan is carried out as written, placement included,
/// or refused before any write when what it depends on changed.
@Suite("A saved stack plan is applied as written", .serialized)
struct SavedStackPlanTests {
    /// A stack of `count` (StackTests.stack) whose file is a real one, so its digest can be taken.
    static func stackOnDisk(_ count: Int) throws -> Stack {
        let path = try temporaryFolder() + "/web-tier.yaml"
        try Data("name: web-tier\n# \(count) containers\n".utf8).write(to: URL(fileURLWithPath: path))
        var stack = StackTests.stack(count)
        stack.file = path
        return stack
    }

    /// `stack` planned by a runner with `seed`, saved, and read back from its JSON as `apply PLAN.json` reads it.
    static func savedPlan(_ pve: FakePVE, _ stack: Stack, seed: UInt64) async throws -> SavedStackPlan {
        let runner = StackRunner(client: try pve.passwordClient(), placementSeed: seed, sleep: { _ in })
        let saved = try SavedStackPlan(plan: try await runner.plan(stack), fileDigest: try SavedStackPlan.digest(ofFile: stack.file))
        let path = stack.file + ".plan.json"
        try saved.write(to: path)
        return try #require(try SavedStackPlan.load(path))
    }

    /// Every write fakepve recorded, as a request report: method, path and the form parameters of its body.
    static func recordedWrites(_ pve: FakePVE) throws -> [PlanReport.RequestReport] {
        let rows = try pve.command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
        return rows.compactMap { row -> PlanReport.RequestReport? in
            guard row.count >= 3, let method = row[0] as? String, method != "GET", let path = row[1] as? String,
                !path.hasSuffix("/access/ticket"), let body = row[2] as? String
            else { return nil }
            var parameters: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            var report = PlanReport.RequestReport(APIRequest(APIMethod(rawValue: method) ?? .post, String(path.dropFirst("/api2/json".count))))
            report.parameters = parameters
            return report
        }
    }

    @Test("a saved plan applied unchanged: the writes are the plan's requests, on the plan's nodes, whatever the new run would have placed")
    func appliedAsWritten() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let stack = try Self.stackOnDisk(4)
            let saved = try await Self.savedPlan(pve, stack, seed: 7)
            #expect(saved.format == "lxc-build-stack-plan" && saved.version == 1 && saved.fileDigest.hasPrefix("sha256:"))
            #expect(saved.containers.count == 4 && saved.containers.allSatisfy { $0.status == "create" })
            #expect(try pve.writes().isEmpty)

            // Another seed would place differently; the saved plan is not placed again.
            let fresh = try await StackRunner(client: try pve.passwordClient(), placementSeed: 12_345, sleep: { _ in }).plan(stack)
            #expect(fresh.creates.map(\.node) != saved.containers.map(\.node), "the seeds should place differently: \(fresh.creates.map(\.node))")
            let runner = StackRunner(client: try pve.passwordClient(), placementSeed: 12_345, sleep: { _ in })
            let plan = try await runner.plan(stack, following: saved)
            let result = await runner.apply(plan)
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
            for (entry, container) in zip(result.entries, saved.containers) {
                guard case .created(let built) = entry.outcome else {
                    Issue.record("\(entry.name) not created: \(entry.outcome)")
                    continue
                }
                #expect(built.node == container.node && built.ctid == container.ctid && built.containerStorage == container.storage)
            }
            let planned = saved.containers.flatMap { $0.requests ?? [] }
            let written = try Self.recordedWrites(pve)
            #expect(written.count == planned.count, "\(written.map(\.path))")
            #expect(Set(written.map { "\($0.method) \($0.path)" }) == Set(planned.map { "\($0.method) \($0.path)" }))
            for request in planned {
                // Creates run concurrently: each planned request is matched to the write of the same container id.
                let sent = written.first { $0.path == request.path && $0.parameters["vmid"] == request.parameters["vmid"] }
                #expect(sent?.parameters == request.parameters, "\(request.path) \(request.parameters["vmid"] ?? "")")
            }
        }
    }

    @Test("a saved plan after the cluster changed (an id taken, a node gone) is refused, naming what changed; nothing written")
    func refusedAfterClusterChanged() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let stack = try Self.stackOnDisk(3)
            let saved = try await Self.savedPlan(pve, stack, seed: 7)
            let first = try #require(saved.containers.first)
            let other = try #require(saved.containers.last { $0.node != first.node })
            try pve.call("add_ct", [first.ctid, "intruder"], ["node": first.node])
            try pve.call("set_node_offline", [other.node])
            let message = await NetworkConflictTests.refusal { _ = try await StackTests.runner(pve).plan(stack, following: saved) }?.message ?? ""
            #expect(message.contains("the cluster changed since the plan was made"), "\(message)")
            #expect(message.contains("\(first.name): container id \(first.ctid) is taken now (lxc \(first.ctid) (intruder) on \(first.node))"), "\(message)")
            #expect(message.contains("\(other.name): node \(other.node) is offline"), "\(message)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("a saved plan whose stack file was edited since is refused (its digest), before any request")
    func refusedAfterFileEdited() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let stack = try Self.stackOnDisk(1)
            let saved = try await Self.savedPlan(pve, stack, seed: 7)
            try Data("name: web-tier\n# edited\n".utf8).write(to: URL(fileURLWithPath: stack.file))
            let before = try pve.requests().count
            let message = await NetworkConflictTests.refusal { _ = try await StackTests.runner(pve).plan(stack, following: saved) }?.message ?? ""
            #expect(message.contains("was edited since the plan was made"), "\(message)")
            #expect(try pve.requests().count == before)
        }
    }

    @Test("a saved plan whose template is gone is refused naming the request that would differ; nothing written")
    func refusedWhenARequestWouldDiffer() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let stack = try Self.stackOnDisk(1)
            var saved = try await Self.savedPlan(pve, stack, seed: 7)
            // As if the plan had been made with another template storage's volume: the create would now differ.
            var requests = try #require(saved.containers[0].requests)
            requests[0].parameters["ostemplate"] = "local:vztmpl/debian-12-standard_12.2-1_amd64.tar.zst"
            saved.containers[0].requests = requests
            let message = await NetworkConflictTests.refusal { _ = try await StackTests.runner(pve).plan(stack, following: saved) }?.message ?? ""
            #expect(message.contains("web1: POST /nodes/pve1/lxc: ostemplate was local:vztmpl/debian-12-standard_12.2-1_amd64.tar.zst in the plan"),
                    "\(message)")
            #expect(try pve.writes().isEmpty)
        }
    }
}
