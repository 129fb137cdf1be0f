import Foundation
import LXCBuildTestSupport
import Testing
@testable import ProxmoxAPI

/// libcurl transport details against a scripted HTTPS server (what fakepve does not show).
@Suite("libcurl transport against a scripted server", .serialized)
struct CurlTransportTests {
    func withScripted(_ body: (FakePVE) async throws -> Void) async throws {
        let server = try FakePVE.startScripted()
        defer { server.stop() }
        try await body(server)
    }

    @Test("gzip is offered and a compressed answer is decoded")
    func gzip() async throws {
        try await withScripted { server in
            let client = try server.client(credentials: .apiToken(APIToken(tokenID: "root@pam!t", secret: "s")))
            let raw = try await client.get("/version")
            #expect(raw["version"] == "9.1.2")
            #expect(raw["accept_encoding"]?.stringValue?.contains("gzip") == true)
        }
    }

    @Test("an error whose text is only in the reason phrase (PVE before 8.4) keeps that text")
    func reasonPhrase() async throws {
        try await withScripted { server in
            let transport = try server.curlTransport()
            let response = try await transport.send(HTTPRequest(method: "GET", url: server.info.url + "/api2/json/nodes/pve/lxc/120/status/current"))
            #expect(response.status == 500)
            #expect(response.reason == "CT 120 does not exist on node 'pve'")
            let error = ProxmoxError.fromResponse(method: "GET", path: "/x", status: response.status, reason: response.reason,
                                                  body: try JSONValue.parse(response.body))
            #expect(error.code == .notFound && error.message == "CT 120 does not exist on node 'pve'")
        }
    }

    @Test("an answer without end is cut at the default 64 MiB: a server cannot fill this machine's memory")
    func defaultBodyLimit() async throws {
        try await withScripted { server in
            let transport = try server.curlTransport(requestTimeout: .seconds(300))
            #expect(transport.configuration.maximumBodySize == 64 << 20)
            let error = await #expect(throws: ProxmoxError.self) {
                _ = try await transport.send(HTTPRequest(method: "GET", url: server.info.url + "/catalog-endless/answer"))
            }
            #expect(error?.code == .decoding)
            #expect(error?.message.contains("larger than \(64 << 20) bytes") == true, "\(error?.message ?? "")")
        }
    }

    @Test("an answer that does not come within the request timeout is a timeout error")
    func timeout() async throws {
        try await withScripted { server in
            var configuration = CurlTransport.Configuration()
            configuration.trust = .fingerprint(try server.fingerprint)
            configuration.requestTimeout = .milliseconds(700)
            let transport = CurlTransport(configuration: configuration)
            let start = ContinuousClock.now
            await #expect {
                _ = try await transport.send(HTTPRequest(method: "GET", url: server.info.url + "/api2/json/nodes"))
            } throws: { error in
                (error as? ProxmoxError)?.code == .timeout && (error as? ProxmoxError)?.requestMayHaveArrived == true
            }
            #expect(ContinuousClock.now - start < .seconds(4.5))  // the server answers after 5 s
        }
    }

    @Test("a cancelled call stops waiting for its answer")
    func cancellation() async throws {
        try await withScripted { server in
            let transport = try server.curlTransport()
            let call = Task { try await transport.send(HTTPRequest(method: "GET", url: server.info.url + "/api2/json/nodes")) }
            try await Task.sleep(for: .milliseconds(300))
            let start = ContinuousClock.now
            call.cancel()
            await #expect {
                _ = try await call.value
            } throws: { error in
                (error as? ProxmoxError)?.code == .cancelled
            }
            #expect(ContinuousClock.now - start < .seconds(4.5))  // the server answers after 5 s
        }
    }

    @Test("nothing listening on the port: a transport error that says the request never arrived")
    func refused() async throws {
        var configuration = CurlTransport.Configuration()
        configuration.connectTimeout = .seconds(2)
        let transport = CurlTransport(configuration: configuration)
        await #expect {
            _ = try await transport.send(HTTPRequest(method: "POST", url: "https://127.0.0.1:9/api2/json/nodes/pve/lxc"))
        } throws: { error in
            (error as? ProxmoxError)?.code == .transport && (error as? ProxmoxError)?.requestMayHaveArrived == false
        }
    }
}
