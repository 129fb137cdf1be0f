import Foundation
public import Logging

/// A client of the Proxmox VE API.
///
/// It owns the policy: unwrapping PVE's `{"data": ...}` envelope, turning failures into
/// ``ProxmoxError``, retrying what is safe to retry. The ``APITransport`` below it moves the calls
/// (HTTPS with libcurl, or `pvesh` on the node). Typed endpoints are in extensions that follow the
/// URL: ``node(_:)`` returns a ``NodeHandle``, whose ``NodeHandle/container(_:)`` returns a
/// ``ContainerHandle``.
public final class ProxmoxClient: Sendable {
    /// Carries the calls.
    public let transport: any APITransport
    /// Which failures are retried.
    public let retryPolicy: RetryPolicy
    let logger: Logger

    /// Makes a client over any transport.
    public init(transport: any APITransport, retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "lxc-build.proxmox")) {
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    /// Makes a client that talks HTTPS to `endpoint` through libcurl.
    /// - Parameters:
    ///   - endpoint: The node or cluster address.
    ///   - credentials: API token or user and password.
    ///   - trust: How the certificate is checked; the system CAs by default.
    ///   - connectTimeout: Longest wait for the connection.
    ///   - requestTimeout: Longest time one request may take.
    ///   - allowPlainHTTPOnLoopback: Accept `http://` for a loopback endpoint (tests only).
    ///   - retryPolicy: Which failures are retried.
    ///   - logger: Receives warnings (insecure TLS) and debug messages; never credentials.
    public convenience init(
        endpoint: ProxmoxEndpoint, credentials: Credentials, trust: TLSTrust = .system,
        connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
        allowPlainHTTPOnLoopback: Bool = false, retryPolicy: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "lxc-build.proxmox")
    ) {
        var configuration = CurlTransport.Configuration()
        configuration.trust = trust
        configuration.connectTimeout = connectTimeout
        configuration.requestTimeout = requestTimeout
        configuration.allowPlainHTTPOnLoopback = allowPlainHTTPOnLoopback
        let http = CurlTransport(configuration: configuration, logger: logger)
        self.init(
            transport: HTTPAPITransport(endpoint: endpoint, credentials: credentials, http: http, logger: logger),
            retryPolicy: retryPolicy, logger: logger)
    }

    /// Performs a call and returns the whole answer body (the envelope with `data` and siblings such as `total`).
    /// - Throws: ``ProxmoxError`` for any non-2xx answer or transport failure, after the retries the policy allows.
    public func send(_ request: APIRequest) async throws(ProxmoxError) -> JSONValue {
        var attempt = 1
        while true {
            do {
                return try await sendOnce(request)
            } catch {
                guard attempt < retryPolicy.maxAttempts, retryPolicy.shouldRetry(error, method: request.method) else {
                    throw error
                }
                let delay = retryPolicy.delay(after: attempt)
                logger.debug(
                    "retrying after transient failure",
                    metadata: ["request": "\(request.method.rawValue) \(request.path)", "attempt": "\(attempt)", "error": "\(error.code)"])
                do {
                    try await retryPolicy.sleep(delay)
                } catch {
                    throw ProxmoxError(.cancelled, message: "cancelled while waiting to retry \(request.method.rawValue) \(request.path)")
                }
                attempt += 1
            }
        }
    }

    /// Performs a call and returns its `data`.
    public func call(_ request: APIRequest) async throws(ProxmoxError) -> JSONValue {
        try await send(request)["data"] ?? .null
    }

    /// `call` for a GET.
    func get(_ path: String, _ parameters: [APIParameter] = []) async throws(ProxmoxError) -> JSONValue {
        try await call(APIRequest(.get, path, parameters: parameters))
    }

    private func sendOnce(_ request: APIRequest) async throws(ProxmoxError) -> JSONValue {
        let response = try await transport.perform(request)
        if response.isSuccess {
            guard let body = response.body else {
                if response.rawText.isEmpty { return ["data": .null] }
                throw ProxmoxError(
                    .decoding, message: "answer is not JSON: \(response.rawText.prefix(200))",
                    method: request.method.rawValue, path: request.path, status: response.status)
            }
            return body
        }
        var error = ProxmoxError.fromResponse(
            method: request.method.rawValue, path: request.path, status: response.status, reason: response.reason,
            body: response.body)
        if error.code == .unauthorized, error.hint == nil {
            let identity = await transport.identity
            error.hint = identity.contains("!")
                ? "Check the API token \(identity): its id, its secret, and that it has not expired or been removed."
                : "Log in again; check the user name, realm and password of \(identity)."
        }
        throw error
    }
}
