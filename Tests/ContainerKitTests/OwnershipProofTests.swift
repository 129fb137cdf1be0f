import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// A container is this run's only by proof (issue 15, item 2): after a create whose answer was lost, the run
/// destroys the id only when its notes carry the run's mark, never because the host name matches.
@Suite("Ownership proof after a lost create answer", .serialized)
struct OwnershipProofTests {
    /// Passes requests to fakepve; the create (`POST /nodes/{node}/lxc`) runs `onCreate` and then loses its answer:
    /// forwarded first when `delivers` (the node made it), or never sent.
    final class LostCreateAnswer: APITransport {
        let inner: any APITransport
        let delivers: Bool
        let onCreate: @Sendable (APIRequest) -> Void
        let creates = Mutex(0)

        init(_ inner: any APITransport, delivers: Bool, onCreate: @escaping @Sendable (APIRequest) -> Void = { _ in }) {
            self.inner = inner
            self.delivers = delivers
            self.onCreate = onCreate
        }

        var identity: String { get async { await inner.identity } }
        var server: String { inner.server }

        func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
            guard request.method == .post, request.path.hasSuffix("/lxc") else { return try await inner.perform(request) }
            creates.withLock { $0 += 1 }
            if delivers { _ = try await inner.perform(request) }
            onCreate(request)
            throw ProxmoxError(.transport, message: "connection closed before the answer", method: "POST", path: request.path)
        }
    }

    static func vmid(of request: APIRequest) -> Int? {
        request.parameters.first { $0.name == "vmid" }.flatMap { Int($0.value.description) }
    }

    @Test("another admin's container with the same id and host name is never destroyed; the error says how to check")
    func neighbourSurvives() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // The create never arrives; meanwhile another admin makes a container with the id and the host name.
            let transport = LostCreateAnswer(try pve.passwordClient().transport, delivers: false) { request in
                _ = try? pve.call("add_ct", [Self.vmid(of: request) ?? 0, "debian"], ["status": "running"])
            }
            let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .fast), sleep: { _ in })
            let failure = await #expect(throws: BuildError.self) { try await builder.create(staticSpec()) }
            #expect(failure?.exitCode == BuildExitCode.curlConnect, "a lost connection keeps its code (7) at every step")
            #expect(try await pve.containerIDs() == [100], "the neighbour's container is still there")
            let problem = try #require(failure?.cleanupProblems.first)
            #expect(problem.contains("not this run's") && problem.contains("lxc-build inspect 100"), "\(problem)")
            #expect(transport.creates.withLock { $0 } == 1)
        }
    }

    @Test("a create that arrived and lost its answer carries the mark and is removed")
    func ownContainerRemoved() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let transport = LostCreateAnswer(try pve.passwordClient().transport, delivers: true)
            let client = ProxmoxClient(transport: transport, retryPolicy: .fast)
            let builder = ContainerBuilder(client: client, sleep: { _ in })
            let plan = try await builder.plan(staticSpec())
            #expect(plan.createRequest.options.description?.hasSuffix("- \(plan.ownershipMark)") == true)
            let failure = await #expect(throws: BuildError.self) { try await builder.execute(plan) }
            #expect(failure?.exitCode == BuildExitCode.curlConnect, "a lost connection keeps its code (7) at every step")
            #expect(failure?.cleanupProblems == [])
            #expect(try await pve.containerIDs().isEmpty, "the run's own container was removed")
        }
    }

    @Test("a create answered with something that is not a task id is ambiguous: the run's container is found and removed")
    func undecodableAnswer() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let transport = PatchingTransport(try pve.passwordClient().transport, rewrite: { request, response in
                request.method == .post && request.path.hasSuffix("/lxc") ? ok("UPID:not:a:task") : response
            })
            let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .fast), sleep: { _ in })
            let failure = await #expect(throws: BuildError.self) { try await builder.create(staticSpec()) }
            #expect(failure?.cleanupProblems == [])
            #expect(try await pve.containerIDs().isEmpty, "no orphan is left")
        }
    }

    @Test("every run has its own mark, and the notes written after a DHCP address keep it")
    func marks() async throws {
        let first = CreatePlan.makeOwnershipMark()
        let second = CreatePlan.makeOwnershipMark()
        #expect(first != second)
        #expect(first.wholeMatch(of: /lxc-build run: [0-9a-f]{32}/) != nil)
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.network.ipv4 = .dhcp
            let plan = try await ContainerBuilder(client: try pve.passwordClient(), sleep: { _ in }).plan(spec)
            let put = try #require(try plan.requests().first { $0.method == .put })
            let description = put.parameters.first { $0.name == "description" }?.value.description ?? ""
            #expect(description.hasSuffix("- Address: <learned after start>\n- \(plan.ownershipMark)"), "\(description)")
        }
    }
}
