import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Requests are counted, not timed (issue 21): a plain create sends the reads planning needs once each, the writes its
/// plan lists, one status poll per task, and one address read; no more.
@Suite("Requests a create sends", .serialized)
struct RequestCountTests {
    /// The reads planning sends for a create on the only node from a local template: the cluster reads, the id, and
    /// the node's storage list, its template list and catalog, in one round trip after the node is known. The nodes
    /// and whether they are online come from the cluster status: `/nodes` is read only for `--node auto`. The conflict
    /// checks (issue 28) add two: the cluster's guests, whose configurations are read for a static address (none here),
    /// and the node's bridges.
    static let planningReads = [
        "GET /version", "GET /cluster/status", "GET /cluster/nextid",
        "GET /nodes/pve1/storage", "GET /nodes/pve1/storage/local/content", "GET /nodes/pve1/aplinfo",
        "GET /cluster/resources", "GET /nodes/pve1/network",
    ]

    @Test("a plain create (password login) sends its plan's writes, one poll per task, one address read, and each read once")
    func passwordCreate() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let builder = try pve.builder()
            let plan = try await builder.plan(staticSpec())
            let planning = try Self.requests(pve)
            #expect(planning.sorted() == (["POST /access/ticket"] + Self.planningReads).sorted(), "\(planning)")

            _ = try await builder.execute(plan)
            let run = Array(try Self.requests(pve).dropFirst(planning.count))
            let writes = try plan.requests().map { "\($0.method.rawValue) \($0.path)" }
            #expect(writes == ["POST /nodes/pve1/lxc"], "the create task starts the container: no start request")
            #expect(run.filter { !$0.hasPrefix("GET ") } == writes)
            let polls = run.filter { $0.hasPrefix("GET /nodes/pve1/tasks/") && $0.hasSuffix("/status") }
            #expect(polls.count == writes.count, "one status poll per task at time scale 0: \(run)")
            #expect(run.count <= writes.count * 2 + 1, "more requests than the plan says: \(run)")
            #expect(run.last == "GET /nodes/pve1/lxc/\(plan.ctid)/interfaces", "the address read also shows it runs: \(run)")
            #expect(!run.contains { $0.hasSuffix("/status/current") || $0.hasSuffix("/config") })
            // The create's 10 requests, and the two reads of the conflict checks (address, bridge).
            #expect(planning.count + run.count <= 12, "issue 21: at most 12 requests per create: \(planning + run)")
        }
    }

    @Test("--node auto also reads /nodes, beside the cluster reads: placement weighs the nodes' memory")
    func automaticNodeReadsMemory() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.node = .automatic
            _ = try await pve.builder(options).plan(staticSpec())
            let reads = try Self.requests(pve).filter { $0.hasPrefix("GET ") }
            #expect(reads.filter { $0 == "GET /nodes" }.count == 1, "\(reads)")
        }
    }

    @Test("with an API token: no login, the privileges read beside the cluster reads, and the same run")
    func tokenCreate() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.setItem("apitokens", key: "root@pam!ci", value: "token-secret")
            let client = try pve.client(credentials: .apiToken(APIToken(tokenID: "root@pam!ci", secret: "token-secret")))
            let result = try await ContainerBuilder(client: client, sleep: { _ in }).create(staticSpec())
            let all = try Self.requests(pve)
            let expected = ["GET /access/permissions"] + Self.planningReads + [
                "POST /nodes/pve1/lxc", "GET /nodes/pve1/lxc/\(result.ctid)/interfaces",
            ]
            #expect(all.filter { !$0.contains("/tasks/") }.sorted() == expected.sorted(), "\(all)")
            #expect(all.filter { $0.contains("/tasks/") }.count == 1, "\(all)")
        }
    }

    @Test("with --node NAME the node's reads do not wait for the node step, and none is sent twice")
    func namedNode() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.node = .named("pve2")
            let plan = try await pve.builder(options).plan(staticSpec())
            #expect(plan.node == "pve2")
            let reads = try Self.requests(pve).filter { $0.hasPrefix("GET ") }
            #expect(Set(reads).count == reads.count, "a read was repeated: \(reads)")
            #expect(reads.contains("GET /nodes/pve2/storage/local/content") && reads.contains("GET /nodes/pve2/aplinfo"))
        }
    }

    @Test("a wrong --node name is reported as before, though its reads went out beside the cluster reads")
    func wrongNamedNode() async throws {
        try await withFakePVE { pve in
            var options = ContainerBuilder.Options()
            options.node = .named("pve9")
            await #expect {
                _ = try await pve.builder(options).plan(staticSpec())
            } throws: { error in
                (error as? BuildError)?.exitCode == BuildExitCode.usage && (error as? BuildError)?.message.contains("pve9") == true
            }
        }
    }

    @Test("the notes' date is ISO 8601 in UTC, as ISO8601DateFormatter wrote it")
    func timeStamp() {
        for seconds in [0.0, 951_782_400.5, 1_795_000_000.0, 4_102_444_799.0] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(TimeStamp.iso8601(date) == ISO8601DateFormatter().string(from: date))
        }
    }

    /// `METHOD /path` of every request fakepve saw, in order, without the `/api2/json` prefix.
    static func requests(_ pve: FakePVE) throws -> [String] {
        try pve.requests().map { "\($0.method) \($0.path.replacingOccurrences(of: "/api2/json", with: ""))" }
    }
}

/// What a failed create task with `start=1` means, told from the container it left.
@Suite("A create task that also starts the container", .serialized)
struct StartWithCreateTests {
    @Test("a start that fails inside the create task, on a container left without a root disk, is 216; the container is removed")
    func noRootfs() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.failStarts("missing 'rootfs' configuration")
            let inner = try pve.passwordClient().transport
            // The config as a broken storage would leave it: no rootfs line.
            let transport = PatchingTransport(inner, rewrite: { request, response in
                guard request.method == .get, request.path.hasSuffix("/config"), response.isSuccess,
                      case .object(var config)? = response.body?["data"] else { return response }
                config["rootfs"] = nil
                return ok(.object(config))
            })
            let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .fast), sleep: { _ in })
            do {
                _ = try await builder.create(staticSpec())
                Issue.record("expected failure")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.noRootfs, "\(error)")
                #expect(error.cleanupProblems.isEmpty)
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("after a failed start inside the create task, starts work again once the fault is lifted")
    func startsAgain() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.failStarts("boom")
            await #expect(throws: BuildError.self) { _ = try await pve.builder().create(staticSpec()) }
            try pve.failStarts(nil)
            let result = try await pve.builder().create(staticSpec(address: "10.20.0.6/24"))
            #expect(result.status == "running" && result.ip == "10.20.0.6")
        }
    }
}
