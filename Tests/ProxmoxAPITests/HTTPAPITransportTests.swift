import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("HTTPS transport: encoding and ticket sessions (scripted server)")
struct HTTPAPITransportTests {
    static let loginOK = HTTPResponse(
        status: 200, reason: "OK",
        body: Data(#"{"data":{"ticket":"PVE:root@pam:6B08A0D7::c2lnbmF0dXJl+/=","CSRFPreventionToken":"6B08A0D7:csrf","username":"root@pam"}}"#.utf8))

    func transport(_ credentials: Credentials, renewAfter: Duration = .seconds(3600), _ handler: @escaping ScriptedHTTPTransport.Handler)
        throws -> (HTTPAPITransport, ScriptedHTTPTransport)
    {
        let http = ScriptedHTTPTransport(handler)
        let endpoint = try ProxmoxEndpoint(parsing: "https://pve.example.com:8006/")
        return (HTTPAPITransport(endpoint: endpoint, credentials: credentials, http: http, renewTicketAfter: renewAfter), http)
    }

    @Test("GET and DELETE carry parameters in the query, POST and PUT in a form body; booleans are 1/0 and values are percent-encoded")
    func encoding() async throws {
        let (api, http) = try transport(.apiToken(APIToken(tokenID: "u@pve!t", secret: "x"))) { _, _ in
            HTTPResponse(status: 200, body: Data(#"{"data":null}"#.utf8))
        }
        _ = try await api.perform(APIRequest(.get, "/nodes/pve/storage", parameters: [
            APIParameter("content", .string("rootdir")), APIParameter("enabled", .bool(true)),
        ]))
        _ = try await api.perform(APIRequest(.post, "/nodes/pve/lxc", parameters: [
            APIParameter("net0", .string("name=eth0,bridge=vmbr0,ip=10.0.0.2/24")),
            APIParameter("ssh-public-keys", .string("ssh-ed25519 AAAA key1\nssh-rsa BBBB key2")),
            APIParameter("description", .string("a&b=c;d+e %ü")), APIParameter("unprivileged", .bool(false)),
        ]))
        _ = try await api.perform(APIRequest(.delete, "/nodes/pve/lxc/100", parameters: [APIParameter("purge", .bool(true))]))
        let requests = http.requests
        #expect(requests[0].url == "https://pve.example.com:8006/api2/json/nodes/pve/storage?content=rootdir&enabled=1")
        #expect(requests[0].body == nil)
        let form = String(decoding: requests[1].body ?? Data(), as: UTF8.self)
        #expect(form == "net0=name%3Deth0%2Cbridge%3Dvmbr0%2Cip%3D10.0.0.2%2F24"
            + "&ssh-public-keys=ssh-ed25519%20AAAA%20key1%0Assh-rsa%20BBBB%20key2"
            + "&description=a%26b%3Dc%3Bd%2Be%20%25%C3%BC&unprivileged=0")
        #expect(requests[1].headers.contains { $0.name == "Content-Type" && $0.value == "application/x-www-form-urlencoded" })
        #expect(requests[2].method == "DELETE" && requests[2].url.hasSuffix("/lxc/100?purge=1"))
    }

    @Test("path segments are encoded so a name cannot add segments or a query")
    func pathSegments() {
        #expect(APIPath.make("nodes", "pve1", "storage", "local/../x?y", "content") == "/nodes/pve1/storage/local%2F..%2Fx%3Fy/content")
        #expect(APIPath.make("nodes", "pve", "tasks", "UPID:pve:0001:0002:0003:vzcreate:1:root@pam!t:", "status")
            == "/nodes/pve/tasks/UPID:pve:0001:0002:0003:vzcreate:1:root@pam!t:/status")
    }

    @Test("a ticket login sends the cookie on every call and the CSRF token only on changes")
    func ticketHeaders() async throws {
        let (api, http) = try transport(.password(username: "root@pam", password: "pw")) { request, _ in
            request.url.hasSuffix("/access/ticket") ? Self.loginOK : HTTPResponse(status: 200, body: Data(#"{"data":null}"#.utf8))
        }
        _ = try await api.perform(APIRequest(.get, "/version"))
        _ = try await api.perform(APIRequest(.post, "/nodes/pve/lxc/100/status/start"))
        let requests = http.requests
        #expect(requests.count == 3)
        #expect(String(decoding: requests[0].body ?? Data(), as: UTF8.self).contains("username=root%40pam&password=pw"))
        let getHeaders = requests[1].headers
        #expect(getHeaders.contains { $0.name == "Cookie" && $0.value == "PVEAuthCookie=PVE:root@pam:6B08A0D7::c2lnbmF0dXJl+/=" })
        #expect(!getHeaders.contains { $0.name == "CSRFPreventionToken" })
        #expect(requests[2].headers.contains { $0.name == "CSRFPreventionToken" && $0.value == "6B08A0D7:csrf" })
        #expect(requests.allSatisfy { $0.headers.filter(\.isSensitive).allSatisfy { $0.description.hasSuffix("********") } })
    }

    @Test("NeedTFA without a code is a clear error; with a TOTP code the login is completed")
    func twoFactor() async throws {
        let challenge = HTTPResponse(
            status: 200, body: Data(#"{"data":{"ticket":"PVE:!tfa!abc","NeedTFA":1,"username":"root@pam","CSRFPreventionToken":"x"}}"#.utf8))
        let (withoutCode, _) = try transport(.password(username: "root@pam", password: "pw")) { _, _ in challenge }
        await #expect {
            _ = try await withoutCode.perform(APIRequest(.get, "/version"))
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .tfaRequired && error.message.contains("two-factor") && error.hint?.contains("--otp") == true
        }

        let (withCode, http) = try transport(.password(username: "root@pam", password: "pw", totp: "123456")) { request, index in
            switch index {
            case 0: return challenge
            case 1: return Self.loginOK
            default: return HTTPResponse(status: 200, body: Data(#"{"data":{"version":"9.1.2"}}"#.utf8))
            }
        }
        let answer = try await withCode.perform(APIRequest(.get, "/version"))
        #expect(answer.body?["data"]?["version"] == "9.1.2")
        let second = String(decoding: http.requests[1].body ?? Data(), as: UTF8.self)
        #expect(second.contains("tfa-challenge=PVE%3A%21tfa%21abc"))
        #expect(second.contains("password=totp%3A123456"))
    }

    @Test("a ticket older than the renewal age is renewed with itself before the call")
    func renewal() async throws {
        let (api, http) = try transport(.password(username: "root@pam", password: "pw"), renewAfter: .zero) { request, _ in
            request.url.hasSuffix("/access/ticket") ? Self.loginOK : HTTPResponse(status: 200, body: Data(#"{"data":1}"#.utf8))
        }
        _ = try await api.perform(APIRequest(.get, "/version"))
        _ = try await api.perform(APIRequest(.get, "/version"))
        let logins = http.requests.filter { $0.url.hasSuffix("/access/ticket") }
        #expect(logins.count == 2)
        #expect(String(decoding: logins[1].body ?? Data(), as: UTF8.self).contains("password=PVE%3Aroot%40pam"))
    }

    @Test("a 401 on a ticket call logs in again once and repeats the call")
    func reloginAfter401() async throws {
        let (api, http) = try transport(.password(username: "root@pam", password: "pw")) { request, index in
            if request.url.hasSuffix("/access/ticket") { return Self.loginOK }
            return index == 1 ? HTTPResponse(status: 401, reason: "permission denied - invalid PVE ticket")
                : HTTPResponse(status: 200, body: Data(#"{"data":"UPID:pve:00000001:00000002:00000003:vzstart:100:root@pam:"}"#.utf8))
        }
        let answer = try await api.perform(APIRequest(.post, "/nodes/pve/lxc/100/status/start"))
        #expect(answer.status == 200)
        #expect(http.requests.map { URL(string: $0.url)?.lastPathComponent ?? "" } == ["ticket", "start", "ticket", "start"])
    }

    @Test("a wrong password is an unauthorized error that says the login failed, without the password")
    func wrongPassword() async throws {
        let (api, _) = try transport(.password(username: "root@pam", password: "hunter2")) { _, _ in
            HTTPResponse(status: 401, reason: "authentication failure")
        }
        await #expect {
            _ = try await api.perform(APIRequest(.get, "/version"))
        } throws: { error in
            guard let error = error as? ProxmoxError else { return false }
            return error.code == .unauthorized && error.message.contains("login as root@pam failed")
                && !error.description.contains("hunter2")
        }
    }

    @Test("endpoints accept what users write and refuse the rest", arguments: [
        ("https://pve.example.com:8006/", "https://pve.example.com:8006"), ("pve.example.com", "https://pve.example.com:8006"),
        ("10.0.0.5:8443", "https://10.0.0.5:8443"), ("https://[::1]:8006/api2/json", "https://[::1]:8006"),
    ])
    func endpoints(text: String, expected: String) throws {
        #expect(try ProxmoxEndpoint(parsing: text).description == expected)
    }

    @Test("bad endpoints are refused with the accepted form", arguments: ["ftp://pve", "https://pve/x", "https://", "https://u:p@pve", "https://pve:99999"])
    func badEndpoints(text: String) {
        #expect(throws: ProxmoxError.self) { try ProxmoxEndpoint(parsing: text) }
    }

    @Test("API tokens parse and never print their secret")
    func tokens() throws {
        let token = try APIToken(parsing: "root@pam!lxc-build=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
        #expect(token.tokenID == "root@pam!lxc-build")
        #expect(!token.description.contains("aaaa"))
        #expect(!Credentials.apiToken(token).description.contains("aaaa"))
        #expect(!Credentials.password(username: "root@pam", password: "pw1", totp: "123").description.contains("pw1"))
        for bad in ["root@pam!x", "root@pam=secret", "root!x=s", "root@pam!=s", "root@pam!x=", "root@pam!x=a b"] {
            #expect {
                _ = try APIToken(parsing: bad)
            } throws: { error in
                guard let error = error as? ProxmoxError else { return false }
                return error.code == .invalidArgument && error.message.contains("USER@REALM!TOKENID=SECRET")
            }
        }
    }
}
