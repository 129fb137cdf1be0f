/// HTTP methods the Proxmox VE API uses.
public enum APIMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"

    /// `true` for methods whose repetition changes nothing (reads).
    public var isSafeToRepeat: Bool { self == .get }
}

/// One parameter value in PVE's wire types.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    /// A secret (password, token): sent like a string, never printed, never put on a command line.
    case secret(String)

    /// The text sent on the wire: booleans as `1`/`0`.
    public var wireText: String {
        switch self {
        case .string(let text), .secret(let text): return text
        case .integer(let value): return String(value)
        case .number(let value): return value.rounded() == value ? String(Int64(value)) : String(value)
        case .bool(let flag): return flag ? "1" : "0"
        }
    }

    /// The value, or `********` for a secret.
    public var description: String {
        if case .secret = self { return "********" }
        return wireText
    }

    /// `true` for ``secret(_:)``.
    public var isSecret: Bool {
        if case .secret = self { return true }
        return false
    }
}

/// One call of the Proxmox VE API: method, path below `/api2/json`, parameters.
public struct APIRequest: Sendable, Hashable, CustomStringConvertible {
    /// HTTP method.
    public var method: APIMethod
    /// Path below `/api2/json`, segments already encoded (build it with ``APIPath``).
    public var path: String
    /// Parameters in the order they are sent.
    public var parameters: [APIParameter]

    /// Makes a request.
    public init(_ method: APIMethod, _ path: String, parameters: [APIParameter] = []) {
        self.method = method
        self.path = path
        self.parameters = parameters
    }

    /// `METHOD path` and the parameters, secrets masked.
    public var description: String {
        let shown = parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        return shown.isEmpty ? "\(method.rawValue) \(path)" : "\(method.rawValue) \(path) \(shown)"
    }
}

/// A named parameter.
public struct APIParameter: Sendable, Hashable {
    /// Wire name (`net0`, `ostemplate`, ...).
    public var name: String
    /// Value.
    public var value: ParameterValue

    /// Makes a parameter.
    public init(_ name: String, _ value: ParameterValue) {
        self.name = name
        self.value = value
    }
}

/// Builds API paths from segments, percent-encoding each so a node name or volume id cannot add
/// segments or a query.
public enum APIPath {
    /// `/seg1/seg2/...`, each segment encoded.
    public static func make(_ segments: any CustomStringConvertible...) -> String {
        make(segments.map(\.description))
    }

    /// `/seg1/seg2/...` from an array.
    public static func make(_ segments: [String]) -> String {
        "/" + segments.map(FormEncoding.encodePathSegment).joined(separator: "/")
    }

    /// Whether `text` can be a PVE node name: a host name label (ASCII letters, digits and inner `-`, at most
    /// 63 characters), so it cannot add a path segment, a query or a property.
    public static func isNodeName(_ text: String) -> Bool {
        // `[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?`, checked by hand: a regex literal is parsed again each time it runs.
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return alphanumeric(first) && alphanumeric(last) && bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}

/// What the API answered, before the client interprets it.
public struct APIResponse: Sendable, Equatable {
    /// HTTP status (pvesh failures are mapped to the status PVE would have sent).
    public var status: Int
    /// Reason phrase.
    public var reason: String
    /// The parsed body (`{"data": ...}` envelope), or `nil` when the body was empty or not JSON.
    public var body: JSONValue?
    /// The body as text when it was not JSON (proxies' HTML pages, empty 401s).
    public var rawText: String

    /// Makes a response.
    public init(status: Int, reason: String = "", body: JSONValue? = nil, rawText: String = "") {
        self.status = status
        self.reason = reason
        self.body = body
        self.rawText = rawText
    }

    /// `true` for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Carries API calls to a Proxmox VE node: over HTTPS (``HTTPAPITransport``) or through the node's
/// own `pvesh` (``PveshTransport``).
public protocol APITransport: Sendable {
    /// Performs one call and returns the answer whatever its status.
    func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse
    /// The identity calls run as (`root@pam`, `user@pve!token`), for messages.
    var identity: String { get async }
    /// Which server the calls reach: `https://HOST:PORT` for the HTTPS API, `pvesh on HOST` for the node's own
    /// pvesh. Runs that give the same value act on the same cluster, as far as this machine can tell (a lock on one
    /// container is taken per server and container id).
    var server: String { get }
    /// Whether a ``ParameterValue/secret(_:)`` may be sent: `false` for pvesh, whose parameters every user of
    /// the node can read in the process list.
    var carriesSecrets: Bool { get }
}

extension APITransport {
    /// HTTPS carries secrets in the request body.
    public var carriesSecrets: Bool { true }
}
