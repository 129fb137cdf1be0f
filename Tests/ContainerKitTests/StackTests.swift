import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Stacks (`lxc-build apply`) against a three-node fakepve on loopback.
@Suite("Stacks against a three-node fakepve", .serialized)
struct StackTests {
    /// The stacks' key in these tests: every apply of one stack uses the same, as on one machine.
    static let key = StackKey.random()

    /// A stack of `count` Debian 12 containers with static addresses, `node: auto`.
    static func stack(_ count: Int, name: String = "web-tier", key: StackKey = Self.key) -> Stack {
        let members = (1...count).map { index in
            var spec = staticSpec(address: "10.0.0.\(10 + index)/24")
            spec.hostname = "web\(index)"
            spec.memoryMiB = 512
            var options = ContainerBuilder.Options()
            options.node = .automatic
            options.taskTimeout = .seconds(20)
            return StackMember(name: "web\(index)", spec: spec, options: options)
        }
        return Stack(name: name, file: "stack.yaml", members: members, key: key, keyPath: "/keys/\(name).key")
    }

    static func runner(_ pve: FakePVE, concurrency: Int = 4, events: @escaping StackEventHandler = { _, _ in }) throws -> StackRunner {
        StackRunner(client: try pve.passwordClient(), concurrency: concurrency, placementSeed: 7, events: events, sleep: { _ in })
    }

    static func count(_ requests: [(method: String, path: String)], _ method: String, _ path: String) -> Int {
        requests.filter { $0.method == method && $0.path == "/api2/json" + path }.count
    }

    @Test("a stack of six is created, spread over the three nodes, with one login and one read of the cluster")
    func createdAndSpread() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let result = try await Self.runner(pve).planAndApply(Self.stack(6))
            let built = result.entries.compactMap { if case .created(let built) = $0.outcome { built } else { nil } }
            #expect(built.count == 6 && result.exitCode == 0)
            #expect(Dictionary(grouping: built, by: \.node).mapValues(\.count) == ["pve1": 2, "pve2": 2, "pve3": 2])
            let requests = try pve.requests()
            #expect(Self.count(requests, "POST", "/access/ticket") == 1)
            for path in ["/version", "/cluster/status", "/nodes", "/cluster/resources"] {
                #expect(Self.count(requests, "GET", path) == 1, "GET \(path)")
            }
            // One nextid for the stack; each plan's check of the id the stack gave it is answered from the guests' read.
            #expect(Self.count(requests, "GET", "/cluster/nextid") == 1)
            for node in ["pve1", "pve2", "pve3"] { #expect(Self.count(requests, "GET", "/nodes/\(node)/storage") <= 1) }
            #expect(Self.count(requests, "POST", "/nodes/pve1/lxc") + Self.count(requests, "POST", "/nodes/pve2/lxc")
                + Self.count(requests, "POST", "/nodes/pve3/lxc") == 6)
            let config = try await pve.passwordClient().node(built[0].node).container(built[0].ctid).config()
            #expect(StackMarker.isMarked(config.options.description, stack: "web-tier", container: built[0].hostname))
        }
    }

    @Test("a template only in the catalog is downloaded once per node for the whole stack, not once per container")
    func oneDownloadPerTemplate() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.serveCatalog()
            let result = try await Self.runner(pve).planAndApply(Self.stack(6))
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.message))")
            let downloads = try pve.requests().filter { $0.method == "POST" && $0.path.hasSuffix("/aplinfo") }.map(\.path)
            #expect(!downloads.isEmpty && downloads.count == Set(downloads).count, "\(downloads)")
        }
    }

    @Test("a second apply creates nothing: every container is recognised by its marker and left alone")
    func secondApplyCreatesNothing() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            _ = try await Self.runner(pve).planAndApply(Self.stack(3))
            let before = try pve.writes().count
            let again = try await Self.runner(pve).planAndApply(Self.stack(3))
            #expect(try pve.writes().count == before)
            #expect(again.exitCode == 0)
            for entry in again.entries {
                guard case .existing(let existing) = entry.outcome else {
                    Issue.record("\(entry.name) was not recognised as existing")
                    continue
                }
                #expect(existing.drift.isEmpty, "\(entry.name): \(existing.drift)")
            }
        }
    }

    @Test("drift: a setting changed since is reported and not changed; a same-named container without the marker is not the stack's")
    func driftReported() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [300, "web2"], ["node": "pve3"])
            let first = try await Self.runner(pve).planAndApply(Self.stack(2))
            guard case .created(let web1) = first.entries[0].outcome, case .created(let web2) = first.entries[1].outcome else {
                Issue.record("not created: \(first.entries.map(\.outcome))")
                return
            }
            #expect(web2.ctid != 300)
            var update = ContainerConfigUpdate()
            update.options.cores = 4
            try await pve.passwordClient().node(web1.node).container(web1.ctid).updateConfig(update)
            let writes = try pve.writes().count
            let again = try await Self.runner(pve).planAndApply(Self.stack(2))
            guard case .existing(let existing) = again.entries[0].outcome else {
                Issue.record("web1 not recognised")
                return
            }
            #expect(existing.drift == [StackDrift(option: "cores", wanted: "1", actual: "4")])
            #expect(try pve.writes().count == writes)
            #expect(try await pve.passwordClient().node(web1.node).container(web1.ctid).config().options.cores == 4)
        }
    }

    @Test("one container failing at start: the others are created, the failed one is removed, exit 84")
    func partialFailure() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            // The stack gives its containers the ids 100, 101, 102 in the file's order.
            try pve.failStarts("startup for container '101' failed", vmid: 101)
            let result = try await Self.runner(pve).planAndApply(Self.stack(3))
            #expect(result.exitCode == BuildExitCode.stackPartial)
            #expect(result.failures.map(\.name) == ["web2"])
            #expect(result.failures.first?.error.exitCode == BuildExitCode.notRunning)
            #expect(try await pve.containerIDs() == [100, 102])
        }
    }

    @Test("planning writes nothing: fakepve's request log has no POST, PUT or DELETE but the login")
    func planWritesNothing() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let plan = try await Self.runner(pve).plan(Self.stack(4))
            #expect(plan.creates.count == 4)
            #expect(Set(plan.creates.map(\.node)).count == 3)
            #expect(plan.creates.allSatisfy { $0.notes.contains("lxc-build stack: web-tier ") })
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("cancelled while the first container starts: nothing of this run is left")
    func cancellation() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let box = CancelBox()
            let runner = try Self.runner(pve, concurrency: 1) { _, event in
                if case .started(.start) = event { box.cancel() }
            }
            let plan = try await runner.plan(Self.stack(3))
            let task = Task { await runner.apply(plan) }
            box.set(task)
            let result = await task.value
            #expect(result.interrupted && result.exitCode == BuildExitCode.interrupted)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("destroy removes the containers with the stack's marker and nothing else")
    func destroyMarkedOnly() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [300, "web1"], ["node": "pve2"])
            _ = try await Self.runner(pve).planAndApply(Self.stack(2))
            // Another stack's web1, with an address of its own (one address twice is refused).
            var other = Self.stack(1, name: "other")
            other.members[0].spec.network.ipv4 = .fixed("10.0.0.50/24")
            _ = try await Self.runner(pve).planAndApply(other)
            let runner = try Self.runner(pve)
            let found = try await runner.marked(stack: "web-tier", key: Self.key, containers: [("web1", "web1"), ("web2", "web2")])
            #expect(found.count == 2 && !found.contains { $0.ctid == 300 } && found.allSatisfy { $0.proof == .verified })
            for container in found { try await runner.destroy(container, stack: "web-tier", key: Self.key) }
            let left = try await pve.containerIDs()
            #expect(left.count == 2 && left.contains(300))
        }
    }
}

/// Cancels a task from an event handler, also when the event comes before the task is known.
final class CancelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelTask: (@Sendable () -> Void)?
    private var pending = false

    func set<T>(_ task: Task<T, Never>) {
        let cancelNow = lock.withLock {
            cancelTask = { task.cancel() }
            return pending
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let cancel = lock.withLock {
            pending = true
            return cancelTask
        }
        cancel?()
    }
}
