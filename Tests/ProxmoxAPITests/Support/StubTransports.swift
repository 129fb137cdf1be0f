import Foundation
import Synchronization
@testable import ProxmoxAPI

/// An ``HTTPTransport`` whose answers a test scripts; it records every request.
final class ScriptedHTTPTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequest, Int) throws(ProxmoxError) -> HTTPResponse
    private let handler: Handler
    private let log = Mutex<[HTTPRequest]>([])

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    var requests: [HTTPRequest] { log.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws(ProxmoxError) -> HTTPResponse {
        let index = log.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try handler(request, index)
    }
}

/// An ``APITransport`` whose answers a test scripts by request; it records every request.
final class ScriptedAPITransport: APITransport {
    typealias Handler = @Sendable (APIRequest, Int) throws(ProxmoxError) -> APIResponse
    private let handler: Handler
    private let log = Mutex<[APIRequest]>([])

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    var requests: [APIRequest] { log.withLock { $0 } }
    var identity: String { "root@pam" }

    func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
        let index = log.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try handler(request, index)
    }
}

/// `{"data": value}` as a 200 answer.
func ok(_ data: JSONValue, extra: [String: JSONValue] = [:]) -> APIResponse {
    var body = extra
    body["data"] = data
    return APIResponse(status: 200, reason: "OK", body: .object(body))
}

/// A clock whose sleeps return at once and move time forward.
final class ManualClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<Duration>(.zero)
    private let sleeps = Mutex<[Duration]>([])

    var now: Instant { Instant(offset: state.withLock { $0 }) }
    var minimumResolution: Duration { .nanoseconds(1) }
    var sleptDurations: [Duration] { sleeps.withLock { $0 } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let current = now
        sleeps.withLock { $0.append(current.duration(to: deadline)) }
        state.withLock { $0 = max($0, deadline.offset) }
    }
}

/// Wraps a real transport and counts what went through it.
final class CountingHTTPTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let counts = Mutex<(sends: Int, failures: Int)>((0, 0))

    init(_ inner: any HTTPTransport) {
        self.inner = inner
    }

    var sends: Int { counts.withLock { $0.sends } }
    var failures: Int { counts.withLock { $0.failures } }

    func send(_ request: HTTPRequest) async throws(ProxmoxError) -> HTTPResponse {
        counts.withLock { $0.sends += 1 }
        do {
            return try await inner.send(request)
        } catch {
            counts.withLock { $0.failures += 1 }
            throw error
        }
    }
}
