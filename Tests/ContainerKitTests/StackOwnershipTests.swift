import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// A stack's containers are its own by proof: a marker written by hand, a clone's copied notes or two
/// containers claiming one member never make `apply` skip a member or `destroy --stack` remove a container.
@Suite("Stack ownership by proof", .serialized)
struct StackOwnershipTests {
    /// `pct stop SOURCE; pct clone SOURCE NEWID` through the API (the clone copies the notes), waited for.
    static func clone(_ pve: FakePVE, _ source: Int, to newID: Int, node: String) async throws {
        let client = try pve.passwordClient()
        let stop = try await client.call(APIRequest(.post, "/nodes/\(node)/lxc/\(source)/status/stop"))
        _ = try await client.waitForTask(try UPID(parsing: try #require(stop.stringValue)), timeout: .seconds(300))
        let answer = try await client.call(APIRequest(.post, "/nodes/\(node)/lxc/\(source)/clone",
                                                      parameters: [APIParameter("newid", .integer(newID))]))
        _ = try await client.waitForTask(try UPID(parsing: try #require(answer.stringValue)), timeout: .seconds(300))
    }

    static func notes(_ pve: FakePVE, _ ctid: Int, node: String) async throws -> String {
        try await pve.passwordClient().node(node).container(ctid).config().options.description ?? ""
    }

    static func created(_ result: StackResult) -> [String: BuildResult] {
        var built: [String: BuildResult] = [:]
        for entry in result.entries { if case .created(let result) = entry.outcome { built[entry.name] = result } }
        return built
    }

    @Test("a marker written by hand into another admin's container: apply refuses before any write, naming it; destroy leaves it")
    func forgedMarker() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            // Another admin's container, with the host name and the marker line of web1: once without a proof, once
            // with one made up.
            try pve.call("add_ct", [300, "web1"], ["node": "pve2", "config": ["description": "mine\nlxc-build stack: web-tier web1"]])
            try pve.call("add_ct", [301, "web2"], ["node": "pve3", "config": [
                "description": "- lxc-build stack: web-tier web2 proof=" + String(repeating: "ab", count: 32)]])
            let error = await #expect(throws: BuildError.self) { try await StackTests.runner(pve).plan(StackTests.stack(2)) }
            #expect(error?.exitCode == BuildExitCode.usage)
            let message = error?.message ?? ""
            #expect(message.contains("web1 is claimed by container 300 on pve2") && message.contains("has no proof"), "\(message)")
            #expect(message.contains("web2 is claimed by container 301 on pve3") && message.contains("not this container's"), "\(message)")
            #expect(error?.hint?.contains("--adopt NAME=ID") == true && error?.hint?.contains("/keys/web-tier.key") == true)
            #expect(try pve.writes().isEmpty, "nothing was written")

            let runner = try StackTests.runner(pve)
            let found = try await runner.marked(stack: "web-tier", key: StackTests.key, containers: [("web1", "web1"), ("web2", "web2")])
            #expect(found.map(\.ctid) == [300, 301] && found.map(\.proof) == [.missing, .mismatched])
            for container in found {
                let refusal = await #expect(throws: BuildError.self) { try await runner.destroy(container, stack: "web-tier", key: StackTests.key) }
                #expect(refusal?.message.contains("left alone") == true)
            }
            #expect(try await pve.containerIDs() == [300, 301], "the other admin's containers are still there")
        }
    }

    @Test("a clone of a stack member (the notes copied, a new id) is not the stack's: apply names both and stops; destroy removes only the member")
    func cloneIsNotAMember() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let first = try await StackTests.runner(pve).planAndApply(StackTests.stack(2))
            let web1 = try #require(Self.created(first)["web1"])
            try await Self.clone(pve, web1.ctid, to: 400, node: web1.node)
            #expect(try await Self.notes(pve, 400, node: web1.node) == Self.notes(pve, web1.ctid, node: web1.node), "the clone has the notes")
            let writes = try pve.writes().count

            let error = await #expect(throws: BuildError.self) { try await StackTests.runner(pve).plan(StackTests.stack(2)) }
            let message = error?.message ?? ""
            #expect(error?.exitCode == BuildExitCode.usage)
            #expect(message.contains("web1 is claimed by container \(web1.ctid) on \(web1.node) (proved) and container 400"), "\(message)")
            #expect(!message.contains("web2"), "web2 has one proved container: \(message)")
            #expect(try pve.writes().count == writes, "nothing was written")

            let runner = try StackTests.runner(pve)
            let found = try await runner.marked(stack: "web-tier", key: StackTests.key, containers: [("web1", "web1"), ("web2", "web2")])
            #expect(found.first { $0.ctid == 400 }?.proof == .mismatched)
            for container in found {
                if container.proof == .verified {
                    try await runner.destroy(container, stack: "web-tier", key: StackTests.key)
                } else {
                    await #expect(throws: BuildError.self) { try await runner.destroy(container, stack: "web-tier", key: StackTests.key) }
                }
            }
            #expect(try await pve.containerIDs() == [400], "the clone is left, the stack's containers are gone")
        }
    }

    @Test("two containers that both prove one member: a conflict naming both, before any write")
    func twoClaimants() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let first = try await StackTests.runner(pve).planAndApply(StackTests.stack(1))
            let web1 = try #require(Self.created(first)["web1"])
            // Whoever holds the key could write a proved marker on a second container: still not two of one member.
            let marker = StackMarker.line(stack: "web-tier", container: "web1", ctid: 500, runMark: "", key: StackTests.key)
            try pve.call("add_ct", [500, "web1"], ["node": "pve3", "config": ["description": marker]])
            let writes = try pve.writes().count
            let error = await #expect(throws: BuildError.self) { try await StackTests.runner(pve).planAndApply(StackTests.stack(1)) }
            #expect(error?.message.contains("container \(web1.ctid) on \(web1.node) (proved) and container 500 on pve3 (proved)") == true,
                    "\(error?.message ?? "")")
            #expect(try pve.writes().count == writes)
        }
    }

    @Test("another machine's key proves nothing here: the stack's containers are not taken for its own, and the hint says to copy the key")
    func otherKey() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            _ = try await StackTests.runner(pve).planAndApply(StackTests.stack(1))
            let error = await #expect(throws: BuildError.self) {
                try await StackTests.runner(pve).plan(StackTests.stack(1, key: StackKey.random()))
            }
            #expect(error?.message.contains("another machine's key") == true)
            #expect(error?.hint?.contains("copy its file to /keys/web-tier.key") == true)
        }
    }

    @Test("an older lxc-build's marker (no proof) is adopted: its line gets the proof, the rest of the notes stay, and apply leaves it alone")
    func adoptOldMarker() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let old = "## debian\n\n- Template: debian-12\n- lxc-build run: 0123456789abcdef0123456789abcdef\n- lxc-build stack: web-tier web1"
            try pve.call("add_ct", [300, "web1"], ["node": "pve2", "config": ["description": old]])
            let runner = try StackTests.runner(pve)
            let found = try await runner.marked(stack: "web-tier", key: StackTests.key, containers: [("web1", "web1")])
            let container = try #require(found.first)
            #expect(container.proof == .missing)
            try await runner.adopt(container, stack: StackTests.stack(1))
            let notes = try await Self.notes(pve, 300, node: "pve2")
            #expect(notes.hasPrefix("## debian\n\n- Template: debian-12\n- lxc-build run: 0123456789abcdef0123456789abcdef\n- lxc-build stack: web-tier web1 proof="),
                    "\(notes)")
            #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web1", ctid: 300, key: StackTests.key) == .verified)
            let plan = try await StackTests.runner(pve).plan(StackTests.stack(1))
            guard case .existing(let existing) = plan.entries.first?.outcome else {
                Issue.record("web1 not taken as existing: \(String(describing: plan.entries.first?.outcome))")
                return
            }
            #expect(existing.ctid == 300)
        }
    }

    /// Before the first create reaches fakepve, another creator takes its id.
    final class IDTakenFirst: APITransport {
        let inner: any APITransport
        let pve: FakePVE
        let taken = Mutex(false)

        init(_ inner: any APITransport, pve: FakePVE) {
            self.inner = inner
            self.pve = pve
        }

        var identity: String { get async { await inner.identity } }
        var server: String { inner.server }

        func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
            if request.method == .post, request.path.hasSuffix("/lxc"), !taken.withLock({ let was = $0; $0 = true; return was }),
                let vmid = OwnershipProofTests.vmid(of: request)
            {
                _ = try? pve.call("add_ct", [vmid, "someone-else"], ["node": "pve3"])
            }
            return try await inner.perform(request)
        }
    }

    @Test("a create that finds its id taken and takes the next one writes the proof of the id it got")
    func proofFollowsTheID() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let client = ProxmoxClient(transport: IDTakenFirst(try pve.passwordClient().transport, pve: pve), retryPolicy: .fast)
            let runner = StackRunner(client: client, concurrency: 1, placementSeed: 7, sleep: { _ in })
            let plan = try await runner.plan(StackTests.stack(1))
            let planned = try #require(plan.creates.first?.ctid)
            let result = await runner.apply(plan)
            let web1 = try #require(Self.created(result)["web1"], "\(result.failures.map(\.error.message))")
            #expect(web1.ctid != planned)
            let notes = try await Self.notes(pve, web1.ctid, node: web1.node)
            #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web1", ctid: web1.ctid, key: StackTests.key) == .verified,
                    "\(notes)")
        }
    }

    @Test("the proof binds the stack, the member, the id and the run mark: changing any one fails it")
    func proofBinds() {
        let key = StackKey.random()
        let mark = "lxc-build run: 0123456789abcdef0123456789abcdef"
        let notes = "- \(mark)\n- " + StackMarker.line(stack: "web-tier", container: "web1", ctid: 100, runMark: mark, key: key)
        #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web1", ctid: 100, key: key) == .verified)
        #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web1", ctid: 101, key: key) == .mismatched)
        #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web1", ctid: 100, key: StackKey.random()) == .mismatched)
        #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web1", ctid: 100, key: nil) == .mismatched)
        #expect(StackMarker.proof(of: notes, stack: "web-tier", container: "web2", ctid: 100, key: key) == nil)
        let otherRun = notes.replacingOccurrences(of: "0123456789abcdef0123456789abcdef", with: "ffffffffffffffffffffffffffffffff")
        #expect(StackMarker.proof(of: otherRun, stack: "web-tier", container: "web1", ctid: 100, key: key) == .mismatched)
    }
}
