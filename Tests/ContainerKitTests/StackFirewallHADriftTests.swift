import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// An existing container's firewall (options, rules in order) and HA resource (state, limits, rule
/// membership) compared with the stack file, reported as drift, and changed in place by `apply --converge` with the
/// requests the plan lists.
@Suite("Stack drift and converge of firewall and HA", .serialized)
struct StackFirewallHADriftTests {
    static let ha = ContainerHA(state: "started", maxRestart: 2, rule: "edge")

    /// The one-member stack `edge` with ``StackFirewallHATests/firewall`` and ``ha``, in a file of its own.
    static func stack() throws -> Stack {
        let path = try temporaryFolder() + "/edge.yaml"
        try Data("name: edge\n".utf8).write(to: URL(fileURLWithPath: path))
        return Stack(name: "edge", file: path, members: [
            StackFirewallHATests.member("proxy", address: "10.0.0.41/24", firewall: StackFirewallHATests.firewall, ha: ha),
        ], key: StackKey.random(), keyPath: "/keys/edge.key")
    }

    /// The HA rule `edge` (listing `resources`) in the fake, then `stack` applied: its container `proxy`.
    static func applied(_ pve: FakePVE, _ stack: Stack, ruleResources: String = "") async throws -> BuildResult {
        try pve.storeDebianTemplate()
        try pve.command(["op": "ha", "rules": [["rule": "edge", "type": "node-affinity", "nodes": "pve1", "resources": ruleResources]]])
        return try #require(StackOwnershipTests.created(try await StackTests.runner(pve).planAndApply(stack))["proxy"])
    }

    @Test("firewall options and rules and the HA resource changed by hand are drift; --converge puts them back with the planned requests, exactly")
    func driftAndConverge() async throws {
        try await withFakePVE { pve in
            let stack = try Self.stack()
            let built = try await Self.applied(pve, stack, ruleResources: "ct:900")
            let client = try pve.passwordClient()
            let guest = "/nodes/\(built.node)/lxc/\(built.ctid)"
            let unchanged = try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack), "proxy")
            #expect(unchanged.drift.isEmpty && unchanged.changes.isEmpty, "\(unchanged.drift)")

            // By hand: the inbound policy opened, the SSH rule removed, HA's restarts raised, the container taken out of its rule.
            _ = try await client.call(APIRequest(.put, guest + "/firewall/options", parameters: [APIParameter("policy_in", .string("ACCEPT"))]))
            _ = try await client.call(APIRequest(.delete, guest + "/firewall/rules/1"))
            _ = try await client.call(APIRequest(.put, "/cluster/ha/resources/ct:\(built.ctid)", parameters: [APIParameter("max_restart", .integer(5))]))
            _ = try await client.call(APIRequest(.put, "/cluster/ha/rules/edge", parameters: [
                APIParameter("type", .string("node-affinity")), APIParameter("resources", .string("ct:900")),
            ]))

            let writes = try pve.writes().count
            let seen = try await StackTests.runner(pve).plan(stack)
            let drifted = try StackConvergeTests.existing(seen, "proxy")
            #expect(drifted.drift.map(\.option) == ["firewall policy_in", "firewall rules", "ha max_restart", "ha rule"], "\(drifted.drift)")
            #expect(drifted.drift.first == StackDrift(option: "firewall policy_in", wanted: "DROP", actual: "ACCEPT"))
            #expect(drifted.rebuild.isEmpty && seen.hasChanges && !seen.writes, "drift alone changes nothing")
            #expect(try pve.writes().count == writes, "planning wrote nothing")

            let plan = try await StackTests.runner(pve).plan(stack, options: StackPlanOptions(converge: true))
            let existing = try StackConvergeTests.existing(plan, "proxy")
            #expect(existing.changes.map { "\($0.method.rawValue) \($0.path)" } == [
                "PUT \(guest)/firewall/options", "DELETE \(guest)/firewall/rules/0", "POST \(guest)/firewall/rules", "POST \(guest)/firewall/rules",
                "PUT /cluster/ha/resources/ct:\(built.ctid)", "PUT /cluster/ha/rules/edge",
            ])
            let saved = try SavedStackPlan(plan: plan, fileDigest: try SavedStackPlan.digest(ofFile: stack.file))
            let planned = try #require(saved.containers.first?.changes)
            #expect(planned.first?.parameters["digest"] != nil && planned[1].parameters["digest"] != nil, "locked to the digests read")
            #expect(planned.last?.parameters["resources"] == "ct:900,ct:\(built.ctid)")

            let before = try SavedStackPlanTests.recordedWrites(pve).count
            let result = try await StackTests.runner(pve).apply(plan)
            #expect(result.exitCode == 0 && !result.hasDifferences, "\(result.failures.map(\.error.description))")
            // fakepve records a body, not a query: a DELETE's digest (in its query) is compared by its path alone.
            let written = Array(try SavedStackPlanTests.recordedWrites(pve).dropFirst(before))
            #expect(written.map { "\($0.method) \($0.path)" } == planned.map { "\($0.method) \($0.path)" }, "the writes are the plan's requests")
            for (sent, request) in zip(written, planned) where request.method != "DELETE" {
                #expect(sent.parameters == request.parameters, "\(request.method) \(request.path)")
            }
            let rules = try await client.call(APIRequest(.get, guest + "/firewall/rules")).arrayValue ?? []
            #expect(rules.map { $0["dport"]?.stringValue ?? $0["macro"]?.stringValue } == ["443", "SSH"], "in the file's order: \(rules)")

            let again = try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack, options: StackPlanOptions(converge: true)), "proxy")
            #expect(again.drift.isEmpty && again.changes.isEmpty, "\(again.drift)")
        }
    }

    @Test("a container that is no HA resource any more gets the create's POST; a stack file without firewall: or ha: reads neither")
    func missingResourceAndNoReads() async throws {
        try await withFakePVE { pve in
            var stack = try Self.stack()
            stack.members[0].spec.firewall = nil
            let built = try await Self.applied(pve, stack)
            _ = try await pve.passwordClient().call(APIRequest(.delete, "/cluster/ha/resources/ct:\(built.ctid)"))
            let existing = try StackConvergeTests.existing(try await StackTests.runner(pve).plan(stack, options: StackPlanOptions(converge: true)), "proxy")
            #expect(existing.drift.map(\.option) == ["ha resource"])
            #expect(existing.changes.map { "\($0.method.rawValue) \($0.path)" } == ["POST /cluster/ha/resources"])
            #expect(existing.changes.first?.parameters == Self.ha.resourceParameters(ctid: built.ctid))

            stack.members[0].spec.ha = nil
            let before = try pve.requests().count
            _ = try await StackTests.runner(pve).plan(stack)
            let reads = try pve.requests().dropFirst(before).map(\.path)
            #expect(!reads.contains { $0.contains("/firewall/") || $0.contains("/cluster/ha/") }, "\(reads)")
        }
    }

    @Test("a cluster without HA rules (PVE 8 answers 501 for the path): an existing container whose file names a rule is refused (64), named")
    func ruleOnAClusterWithoutRules() async throws {
        try await withFakePVE { pve in
            let stack = try Self.stack()
            _ = try await Self.applied(pve, stack)
            try pve.call("fail", ["GET", "/cluster/ha/rules", 501, "Method 'GET /cluster/ha/rules' not implemented"])
            let writes = try pve.writes().count
            do {
                _ = try await StackTests.runner(pve).plan(stack)
                Issue.record("planned against a cluster without HA rules")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.usage, "\(error)")
                #expect(error.message.hasPrefix("ha rule 'edge' of container proxy: this cluster has no HA rules (PVE 8"), "\(error.message)")
                #expect(error.message.contains("ha: {group: NAME}"))
            }
            #expect(try pve.writes().count == writes)
        }
    }

    @Test("a saved --converge plan whose firewall rules changed since is refused before any write (its requests, digest included, differ)")
    func savedPlanRefusedAfterRuleChange() async throws {
        try await withFakePVE { pve in
            let stack = try Self.stack()
            let built = try await Self.applied(pve, stack)
            let client = try pve.passwordClient()
            let guest = "/nodes/\(built.node)/lxc/\(built.ctid)"
            _ = try await client.call(APIRequest(.delete, guest + "/firewall/rules/1"))
            let saved = try SavedStackPlan(plan: try await StackTests.runner(pve).plan(stack, options: StackPlanOptions(converge: true)),
                                           fileDigest: try SavedStackPlan.digest(ofFile: stack.file))
            #expect(saved.containers.first?.changes?.first?.path == guest + "/firewall/rules/0")
            _ = try await client.call(APIRequest(.post, guest + "/firewall/rules", parameters: [
                APIParameter("type", .string("in")), APIParameter("action", .string("ACCEPT")), APIParameter("proto", .string("udp")),
                APIParameter("dport", .string("53")), APIParameter("enable", .string("1")),
            ]))
            let writes = try pve.writes().count
            let error = await #expect(throws: BuildError.self) { try await StackTests.runner(pve).plan(stack, following: saved) }
            #expect(error?.exitCode == BuildExitCode.usage && error?.message.contains("proxy: its change in place") == true, "\(error?.message ?? "")")
            #expect(try pve.writes().count == writes)
        }
    }
}
