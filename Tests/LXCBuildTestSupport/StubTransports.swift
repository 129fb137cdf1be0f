import Foundation
import Synchronization
public import ProxmoxAPI

/// An ``HTTPTransport`` whose answers a test scripts; it records every request.
public final class ScriptedHTTPTransport: HTTPTransport {
    public typealias Handler = @Sendable (HTTPRequest, Int) throws(ProxmoxError) -> HTTPResponse
    private let handler: Handler
    private let log = Mutex<[HTTPRequest]>([])

    public init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    public var requests: [HTTPRequest] { log.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws(ProxmoxError) -> HTTPResponse {
        let index = log.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try handler(request, index)
    }
}

/// An ``APITransport`` whose answers a test scripts by request; it records every request.
public final class ScriptedAPITransport: APITransport {
    public typealias Handler = @Sendable (APIRequest, Int) throws(ProxmoxError) -> APIResponse
    private let handler: Handler
    private let log = Mutex<[APIRequest]>([])

    public init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    public var requests: [APIRequest] { log.withLock { $0 } }
    public var identity: String { "root@pam" }
    /// A server of its own: no two scripted transports are one cluster.
    public let server = "scripted-\(UUID().uuidString)"

    public func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
        let index = log.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try handler(request, index)
    }
}

/// `{"data": value}` as a 200 answer.
public func ok(_ data: JSONValue, extra: [String: JSONValue] = [:]) -> APIResponse {
    var body = extra
    body["data"] = data
    return APIResponse(status: 200, reason: "OK", body: .object(body))
}

/// A clock whose sleeps return at once and move time forward.
public final class ManualClock: Clock, @unchecked Sendable {
    public struct Instant: InstantProtocol {
        public init(offset: Duration) { self.offset = offset }
        public var offset: Duration
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<Duration>(.zero)
    private let sleeps = Mutex<[Duration]>([])

    public init() {}

    public var now: Instant { Instant(offset: state.withLock { $0 }) }
    public var minimumResolution: Duration { .nanoseconds(1) }
    public var sleptDurations: [Duration] { sleeps.withLock { $0 } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let current = now
        sleeps.withLock { $0.append(current.duration(to: deadline)) }
        state.withLock { $0 = max($0, deadline.offset) }
    }
}

/// Wraps a real transport and counts what went through it.
public final class CountingHTTPTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let counts = Mutex<(sends: Int, failures: Int)>((0, 0))

    public init(_ inner: any HTTPTransport) {
        self.inner = inner
    }

    public var sends: Int { counts.withLock { $0.sends } }
    public var failures: Int { counts.withLock { $0.failures } }

    public func send(_ request: HTTPRequest) async throws(ProxmoxError) -> HTTPResponse {
        counts.withLock { $0.sends += 1 }
        do {
            return try await inner.send(request)
        } catch {
            counts.withLock { $0.failures += 1 }
            throw error
        }
    }
}

/// Wraps a real transport (fakepve's), answering some requests itself, observing and rewriting the rest: for
/// what the fake does not model (its appliance catalog is empty, its downloads store nothing, it has no DHCP).
public final class PatchingTransport: APITransport {
    public typealias Override = @Sendable (APIRequest) -> APIResponse?
    public typealias Observer = @Sendable (APIRequest, APIResponse) -> Void
    public typealias Rewrite = @Sendable (APIRequest, APIResponse) -> APIResponse
    private let inner: any APITransport
    private let override: Override
    private let observe: Observer
    private let rewrite: Rewrite
    /// `false` stands in for pvesh, which cannot carry a secret.
    public let carriesSecrets: Bool

    public init(
        _ inner: any APITransport, carriesSecrets: Bool = true, override: @escaping Override = { _ in nil },
        observe: @escaping Observer = { _, _ in }, rewrite: @escaping Rewrite = { _, response in response }
    ) {
        self.inner = inner
        self.carriesSecrets = carriesSecrets
        self.override = override
        self.observe = observe
        self.rewrite = rewrite
    }

    public var identity: String { get async { await inner.identity } }
    public var server: String { inner.server }

    public func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
        if let answer = override(request) { return answer }
        let response = try await inner.perform(request)
        observe(request, response)
        return rewrite(request, response)
    }
}
