import Foundation
import LXCBuildTestSupport
import Testing
@testable import ProxmoxAPI

/// A write (a create above all) reaches the server at most once: when the server takes the request and then
/// closes a kept-alive connection without answering, neither libcurl nor the retry policy sends it again, and
/// the error says the answer was lost after sending (the request may have arrived).
@Suite("a write whose answer is lost is not sent again", .serialized)
struct WriteSentOnceTests {
    /// The scripted server's requests as (method, path, client port).
    func requests(_ server: FakePVE) throws -> [(method: String, path: String, port: Int)] {
        let rows = try server.command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
        return rows.compactMap { row in
            guard row.count >= 3, let method = row[0] as? String, let path = row[1] as? String, let port = row[2] as? Int
            else { return nil }
            return (method, path, port)
        }
    }

    @Test("the transport sends a POST once when the kept-alive connection closes after it, and says the answer was lost")
    func transportSendsOnce() async throws {
        let server = try FakePVE.startScripted()
        defer { server.stop() }
        let transport = try server.curlTransport()
        let version = HTTPRequest(method: "GET", url: server.info.url + "/api2/json/version")
        _ = try await transport.send(version)
        _ = try await transport.send(version)
        let create = HTTPRequest(
            method: "POST", url: server.info.url + "/api2/json/nodes/pve/lxc",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
            body: Data("vmid=100&hostname=web&onboot=1".utf8))
        await #expect {
            _ = try await transport.send(create)
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .transport && error.requestMayHaveArrived && error.method == "POST"
                && error.message.contains("answer was lost") && error.message.contains("may have taken effect")
        }
        let seen = try requests(server)
        let gets = seen.filter { $0.method == "GET" }
        // The connection was kept alive between the reads: the POST was offered a live, reused connection.
        #expect(gets.count == 2 && gets[0].port == gets[1].port)
        #expect(seen.filter { $0.method == "POST" }.count == 1)
    }

    @Test("the client does not retry a create whose answer was lost")
    func clientSendsOnce() async throws {
        let server = try FakePVE.startScripted()
        defer { server.stop() }
        let client = try server.client(credentials: .apiToken(APIToken(tokenID: "root@pam!t", secret: "s")))
        _ = try await client.get("/version")
        await #expect {
            _ = try await client.call(APIRequest(.post, "/nodes/pve/lxc", parameters: [
                APIParameter("vmid", .integer(100)), APIParameter("hostname", .string("web")),
            ]))
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.requestMayHaveArrived && error.path == "/nodes/pve/lxc"
        }
        #expect(try requests(server).filter { $0.method == "POST" }.count == 1)
    }
}
