import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

/// A login answer is untrusted: its CSRF token goes into a header, so a CR or LF there must not inject headers.
@Suite("Hostile login answers")
struct LoginAnswerTrustTests {
    @Test("a CSRF token with CR LF is refused before any request carries it")
    func csrfInjection() async throws {
        let hostile = HTTPResponse(
            status: 200, reason: "OK",
            body: Data(#"{"data":{"ticket":"PVE:root@pam:6B08A0D7::c2ln","CSRFPreventionToken":"6B08A0D7:csrf\r\nX-Injected: 1","username":"root@pam"}}"#.utf8))
        let http = ScriptedHTTPTransport { request, _ in
            request.url.hasSuffix("/access/ticket") ? hostile : HTTPResponse(status: 200, body: Data(#"{"data":null}"#.utf8))
        }
        let api = HTTPAPITransport(
            endpoint: try ProxmoxEndpoint(parsing: "https://pve.example.com:8006/"), credentials: .password(username: "root@pam", password: "pw"),
            http: http)
        await #expect {
            _ = try await api.perform(APIRequest(.post, "/nodes/pve/lxc/100/status/start"))
        } throws: { error in
            (error as? ProxmoxError)?.code == .decoding && (error as? ProxmoxError)?.message.contains("CSRF token") == true
        }
        #expect(http.requests.allSatisfy { $0.url.hasSuffix("/access/ticket") }, "the start was never sent")
        #expect(http.requests.allSatisfy { request in request.headers.allSatisfy { !$0.value.contains("\r") && !$0.value.contains("\n") } })
    }
}
