public import Foundation

/// One HTTP request as the transport sends it.
public struct HTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    public var method: String
    /// Absolute URL, query included.
    public var url: String
    /// Header fields in the order they are sent.
    public var headers: [HTTPHeader]
    /// Request body (form-encoded for PVE), or `nil`.
    public var body: Data?

    /// Makes a request.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// `true` for reads (`GET`, `HEAD`): sending one twice changes nothing. Any other method goes over a
    /// connection of its own, so that libcurl never sends it a second time.
    var isSafeToResend: Bool { method == "GET" || method == "HEAD" }
}

/// One header field. `isSensitive` marks credentials so that nothing prints them.
public struct HTTPHeader: Sendable, Equatable, CustomStringConvertible {
    /// Field name.
    public var name: String
    /// Field value.
    public var value: String
    /// `true` for `Authorization`, `Cookie`, `CSRFPreventionToken`: never logged or described.
    public var isSensitive: Bool

    /// Makes a header field.
    public init(_ name: String, _ value: String, isSensitive: Bool = false) {
        self.name = name
        self.value = value
        self.isSensitive = isSensitive
    }

    /// `Name: value`, or `Name: ********` for a sensitive field.
    public var description: String { "\(name): \(isSensitive ? "********" : value)" }
}

/// One HTTP answer.
public struct HTTPResponse: Sendable, Equatable {
    /// Status code.
    public var status: Int
    /// Reason phrase of the status line (PVE < 8.4 puts its error message only here).
    public var reason: String
    /// Header fields as received (names lower-cased).
    public var headers: [String: String]
    /// Body, decompressed.
    public var body: Data

    /// Makes a response.
    public init(status: Int, reason: String = "", headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }
}

/// Moves bytes: sends one request, returns one answer. It holds no Proxmox knowledge;
/// auth, envelopes, errors and retries live above it.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the answer, whatever its status.
    /// - Throws: ``ProxmoxError`` with code `.transport`, `.tls`, `.timeout` or `.cancelled`
    ///   when no answer arrived.
    func send(_ request: HTTPRequest) async throws(ProxmoxError) -> HTTPResponse
}
