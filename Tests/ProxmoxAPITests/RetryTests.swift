import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("Retries")
struct RetryTests {
    func makeClient(_ handler: @escaping ScriptedAPITransport.Handler) -> (ProxmoxClient, ScriptedAPITransport) {
        let transport = ScriptedAPITransport(handler)
        return (ProxmoxClient(transport: transport, retryPolicy: RetryPolicy(maxAttempts: 4, sleep: { _ in })), transport)
    }

    @Test("a GET is retried through transient failures", arguments: [503, 502, 504, 429, 595])
    func getRetried(status: Int) async throws {
        let (client, transport) = makeClient { _, index in
            index < 2 ? APIResponse(status: status, reason: "busy") : ok(["version": "9.1.2", "release": "9.1"])
        }
        #expect(try await client.version().version == "9.1.2")
        #expect(transport.requests.count == 3)
    }

    @Test("a GET is retried after a dropped connection, then gives up with the last error")
    func getGivesUp() async throws {
        let (client, transport) = makeClient { _, _ throws(ProxmoxError) in
            throw ProxmoxError(.transport, message: "connection reset")
        }
        await #expect(throws: ProxmoxError.self) { try await client.nodes() }
        #expect(transport.requests.count == 4)
    }

    @Test("a POST that may have reached the server is never repeated")
    func postNotRepeated() async throws {
        let (client, transport) = makeClient { _, _ throws(ProxmoxError) in
            throw ProxmoxError(.transport, message: "connection reset after sending")
        }
        await #expect(throws: ProxmoxError.self) {
            try await client.call(APIRequest(.post, "/nodes/pve/lxc", parameters: [APIParameter("vmid", .integer(100))]))
        }
        #expect(transport.requests.count == 1)

        let (busy, busyTransport) = makeClient { _, _ in APIResponse(status: 503, reason: "busy") }
        await #expect(throws: ProxmoxError.self) { try await busy.call(APIRequest(.post, "/nodes/pve/lxc")) }
        #expect(busyTransport.requests.count == 1)
    }

    @Test("a POST whose connection was refused (never sent) is tried again")
    func postNeverSent() async throws {
        let (client, transport) = makeClient { _, index throws(ProxmoxError) in
            if index == 0 {
                var error = ProxmoxError(.transport, message: "connection refused")
                error.requestMayHaveArrived = false
                throw error
            }
            return ok("UPID:pve:00000001:00000002:00000003:vzstart:100:root@pam:")
        }
        _ = try await client.node("pve").container(100).start()
        #expect(transport.requests.count == 2)
    }

    @Test("parameter errors and permission errors are not retried")
    func permanentNotRetried() async throws {
        let (client, transport) = makeClient { _, _ in APIResponse(status: 403, reason: "Permission check failed") }
        await #expect(throws: ProxmoxError.self) { try await client.nodes() }
        #expect(transport.requests.count == 1)
    }

    @Test("backoff doubles up to the ceiling")
    func backoff() {
        let policy = RetryPolicy(initialDelay: .milliseconds(250), maxDelay: .seconds(1))
        #expect([1, 2, 3, 4, 5].map(policy.delay(after:)) == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(1), .seconds(1)])
    }
}
