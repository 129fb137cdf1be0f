import Foundation
import LXCBuildTestSupport
@testable import ProxmoxAPI

/// A raw HTTP answer from `Fixtures/responses` (copied from ../shared/pve/responses; see its INDEX.md).
struct RecordedResponse {
    let status: Int
    let reason: String
    let body: Data

    static func load(_ relativePath: String) throws -> RecordedResponse {
        guard let url = Bundle.module.url(forResource: "Fixtures/responses/" + relativePath, withExtension: nil) else {
            throw FakePVE.HarnessError(description: "no fixture \(relativePath)")
        }
        // Recorded answers use CRLF; "\r\n" is one Character in Swift, so drop the CR bytes before splitting.
        let text = String(decoding: try Data(contentsOf: url).filter { $0 != 13 }, as: UTF8.self)
        var lines = text.components(separatedBy: "\n").drop(while: { $0.hasPrefix("#") })
        guard let statusLine = lines.popFirst() else { throw FakePVE.HarnessError(description: "empty fixture") }
        let parts = statusLine.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw FakePVE.HarnessError(description: "no status line") }
        while let line = lines.first, !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lines.removeFirst() }
        let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return RecordedResponse(status: status, reason: parts.count > 2 ? String(parts[2]) : "", body: Data(body.utf8))
    }

    /// The JSON body of a `.json` fixture.
    static func json(_ relativePath: String) throws -> JSONValue {
        guard let url = Bundle.module.url(forResource: "Fixtures/responses/" + relativePath, withExtension: nil) else {
            throw FakePVE.HarnessError(description: "no fixture \(relativePath)")
        }
        return try JSONValue.parse(try Data(contentsOf: url))
    }

    var httpResponse: HTTPResponse { HTTPResponse(status: status, reason: reason, body: body) }
}

/// A client whose every HTTP answer is `response`.
func clientAnswering(_ response: HTTPResponse, credentials: Credentials = .apiToken(APIToken(tokenID: "root@pam!t", secret: "s3cr3t"))) throws
    -> (ProxmoxClient, ScriptedHTTPTransport)
{
    let http = ScriptedHTTPTransport { _, _ in response }
    let transport = HTTPAPITransport(endpoint: try ProxmoxEndpoint(parsing: "pve.example.com"), credentials: credentials, http: http)
    return (ProxmoxClient(transport: transport, retryPolicy: .none), http)
}
