public import Foundation

/// The one error type of the ProxmoxAPI module.
///
/// It carries what a caller needs to decide and what a user needs to read: the kind of failure
/// (``code``, stable, switchable), the request it belongs to (``method``, ``path``), the HTTP
/// status and reason phrase, PVE's own message, the per-parameter ``parameterErrors`` of a
/// `400 Parameter verification failed.`, and for failed tasks the tail of the task log.
/// A non-2xx answer always becomes an HTTP-derived code, never ``Code/decoding``.
public struct ProxmoxError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The kind of failure. New kinds can be added without breaking callers that switch with `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case unauthorized, forbidden, notFound, alreadyExists, parameterVerification, nodeUnreachable
            case transient, server, transport, tls, decoding, taskFailed, timeout, tfaRequired
            case invalidArgument, cancelled, unsupported
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// 401: no or bad credentials, expired ticket, missing CSRF token.
        public static let unauthorized = Code(.unauthorized)
        /// 403: the identity lacks a privilege, or the action is reserved to root@pam.
        public static let forbidden = Code(.forbidden)
        /// The object does not exist (404, 501 unknown method, or PVE's "500 … does not exist").
        public static let notFound = Code(.notFound)
        /// The object already exists (e.g. `500 CT 100 already exists on node 'pve'`).
        public static let alreadyExists = Code(.alreadyExists)
        /// 400 `Parameter verification failed.`: see ``ProxmoxError/parameterErrors``.
        public static let parameterVerification = Code(.parameterVerification)
        /// 595-599: pveproxy could not reach the node the request was for.
        public static let nodeUnreachable = Code(.nodeUnreachable)
        /// A failure that may pass when retried (429, 502-504, cfs lock timeouts, dropped connections).
        public static let transient = Code(.transient)
        /// Any other server-side failure (mostly HTTP 500).
        public static let server = Code(.server)
        /// The request did not complete at the network level (connect, DNS, reset).
        public static let transport = Code(.transport)
        /// TLS failed: unknown certificate, fingerprint mismatch, bad CA file.
        public static let tls = Code(.tls)
        /// A 2xx answer whose body is not what the endpoint returns.
        public static let decoding = Code(.decoding)
        /// A worker task ended with an error; see ``ProxmoxError/taskLog``.
        public static let taskFailed = Code(.taskFailed)
        /// A request or a task wait took longer than allowed.
        public static let timeout = Code(.timeout)
        /// The account needs a second factor and none was given.
        public static let tfaRequired = Code(.tfaRequired)
        /// The caller gave a value the client refuses to send (bad UPID, injection in a property string...).
        public static let invalidArgument = Code(.invalidArgument)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The transport cannot do this (for example a secret on the pvesh command line).
        public static let unsupported = Code(.unsupported)

        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, in PVE's words where PVE said something.
    public var message: String
    /// HTTP method of the failed request, when there was one.
    public var method: String?
    /// API path of the failed request (below `/api2/json`), when there was one.
    public var path: String?
    /// HTTP status, when an answer arrived.
    public var status: Int?
    /// The HTTP reason phrase; old PVE versions put their error text only there.
    public var reason: String?
    /// PVE's per-parameter messages of a 400, keyed by parameter name.
    public var parameterErrors: [String: String]
    /// What the user can do about it, when the client knows.
    public var hint: String?
    /// The last lines of a failed task's log.
    public var taskLog: [String]
    /// The task the failure belongs to.
    public var upid: String?
    /// Text of a lower-level error that caused this one.
    public var underlying: String?
    /// `false` only when the request certainly never reached the server (connect or TLS failure), which
    /// makes even a non-idempotent request safe to send again.
    public var requestMayHaveArrived = true

    /// Makes an error of the given kind.
    public init(
        _ code: Code, message: String, method: String? = nil, path: String? = nil, status: Int? = nil,
        reason: String? = nil, parameterErrors: [String: String] = [:], hint: String? = nil,
        taskLog: [String] = [], upid: String? = nil, underlying: String? = nil
    ) {
        self.code = code
        self.message = message
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
        self.parameterErrors = parameterErrors
        self.hint = hint
        self.taskLog = taskLog
        self.upid = upid
        self.underlying = underlying
    }

    /// One paragraph: request, status, message, each parameter error on its own line, task log, hint.
    public var description: String {
        var text = ""
        if let method, let path { text += "\(method) \(path): " }
        if let status { text += "\(status) " }
        text += message
        for name in parameterErrors.keys.sorted() {
            text += "\n  \(name): \(parameterErrors[name] ?? "")"
        }
        if !taskLog.isEmpty {
            text += "\n  task log:\n" + taskLog.map { "    \($0)" }.joined(separator: "\n")
        }
        if let underlying { text += "\n  cause: \(underlying)" }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    public var errorDescription: String? { description }
}
