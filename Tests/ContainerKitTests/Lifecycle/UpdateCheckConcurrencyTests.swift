import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

@Suite("update --check on several nodes: the nodes at the same time, each bounded", .serialized)
struct UpdateCheckConcurrencyTests {
    @Test("containers of three nodes, listed node by node, are checked on the three at once and at most `concurrency` per node; rows in the targets' order")
    func nodesAtTheSameTime() async throws {
        let nodes = ["pve1", "pve2", "pve3"]
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            // Node by node: a limit over the whole list would take the first node's containers only, a few at a time.
            var targets: [FleetSelection.Target] = []
            var nodeOf: [Int: String] = [:]
            for (index, node) in nodes.enumerated() {
                for offset in 0..<4 {
                    let ctid = 301 + index * 4 + offset
                    try pve.call("add_ct", [ctid, "demo\(ctid)"], ["node": node, "status": "running", "config": [
                        "description": lxcBuildNotes(app: "demo", version: "1.0.0"), "tags": "community-script;demo"]])
                    targets.append(FleetSelection.Target(ctid: ctid, node: node, status: "running"))
                    nodeOf[ctid] = node
                }
            }
            let shell = NodesMeetingShell(nodeOf: nodeOf, meeting: nodes.count)
            var options = UpdateCheck.Options(update: ContainerUpdate.Options())
            options.update.catalogDirectory = try makeUpdateCatalog()
            options.concurrency = 2
            let report = await UpdateCheck(client: try pve.passwordClient(), shell: shell, options: options).check(targets)

            #expect(report.containers.map(\.ctid) == targets.map(\.ctid))
            #expect(report.containers.allSatisfy { $0.installed == "1.0.0" && $0.app == "demo" }, "\(report.containers.map(\.problems))")
            let seen = shell.seen
            #expect(seen.met, "the three nodes' containers were never checked at the same time")
            #expect(seen.mostPerNode.values.allSatisfy { $0 <= 2 }, "\(seen.mostPerNode)")
            #expect(Set(seen.mostPerNode.keys) == Set(nodes))
            // Each container's node came with the selection: its configuration and status are read, not looked up again.
            let requests = try pve.requests()
            #expect(!requests.contains { $0.path.hasSuffix("/cluster/resources") || $0.path.hasSuffix("/nodes") }, "\(requests)")
        }
    }
}

/// A node shell whose commands (the installed version's read, the pending packages' count) each wait until
/// containers of `meeting` nodes have commands running at the same time (bounded at 300 s, then they go on), and
/// which records the most commands running at once per node. Answers exit 3 (no version cache) and no output.
private final class NodesMeetingShell: NodeShell {
    struct Seen: Sendable {
        var running: [String: Int] = [:]
        var mostPerNode: [String: Int] = [:]
        var met = false
    }

    private let nodeOf: [Int: String]
    private let meeting: Int
    private let state = Mutex(Seen())
    var seen: Seen { state.withLock { $0 } }

    init(nodeOf: [Int: String], meeting: Int) {
        self.nodeOf = nodeOf
        self.meeting = meeting
    }

    var name: String { "nodes-meeting" }
    var configLayout: ContainerConfigLayout { .plainLXC }

    func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        let node = command.arguments.lazy.compactMap { Int($0) }.compactMap { self.nodeOf[$0] }.first ?? "?"
        state.withLock { seen in
            seen.running[node, default: 0] += 1
            seen.mostPerNode[node] = max(seen.mostPerNode[node] ?? 0, seen.running[node] ?? 0)
            if seen.running.values.filter({ $0 > 0 }).count >= meeting { seen.met = true }
        }
        let deadline = ContinuousClock.now + .seconds(300)
        while !state.withLock({ $0.met }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        state.withLock { $0.running[node, default: 0] -= 1 }
        return CommandResult(exitCode: 3)
    }
}
