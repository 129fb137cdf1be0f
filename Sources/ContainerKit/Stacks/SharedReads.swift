public import ProxmoxAPI

/// A transport that answers repeated reads of what does not change while a stack is planned (the version, the
/// cluster status, the nodes, the guests, the storages, the templates, the appliance catalog, the permissions)
/// from the first answer, so the builders of one stack share one read of each.
///
/// Only `GET` requests of those paths are kept, and only while ``isSharing``: ``StackRunner`` stops sharing
/// before anything is written, so what a create, a start or a template download changes is read afresh. Reads
/// that must be fresh (`/cluster/nextid`, container status and configuration, tasks) always go to the server.
/// Concurrent reads of one path wait for the one request on its way.
public final class SharedReads: APITransport {
    private let inner: any APITransport
    private let store = SharedReadStore()

    /// Wraps `inner`; every request still goes through it (one login, one connection pool).
    public init(_ inner: any APITransport) {
        self.inner = inner
    }

    /// The identity of the wrapped transport.
    public var identity: String {
        get async { await inner.identity }
    }

    /// Whether the wrapped transport may carry secrets.
    public var carriesSecrets: Bool { inner.carriesSecrets }

    /// The server of the wrapped transport.
    public var server: String { inner.server }

    /// Whether repeated reads are answered from the first answer.
    public var isSharing: Bool {
        get async { await store.sharing }
    }

    /// Stops sharing and forgets every kept answer: from now on every read goes to the server.
    public func stopSharing() async {
        await store.stop()
    }

    /// Performs `request`, or answers it from the kept answer of the same read.
    public func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
        guard request.method == .get, Self.isShareable(request.path) else { return try await inner.perform(request) }
        let key = request.description
        let inner = self.inner
        let outcome = await store.answer(key) { () async -> Result<APIResponse, ProxmoxError> in
            do throws(ProxmoxError) {
                return .success(try await inner.perform(request))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Whether a read of `path` may be shared: what a plan reads about the cluster, never ids, containers or tasks.
    static func isShareable(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        switch parts.count {
        case 1: return ["version", "nodes", "storage", "pools"].contains(parts[0])
        case 2:
            return (parts[0] == "cluster" && ["status", "resources"].contains(parts[1]))
                || (parts[0] == "access" && parts[1] == "permissions")
        case 3: return parts[0] == "nodes" && ["storage", "aplinfo", "network"].contains(parts[2])
        case 5: return parts[0] == "nodes" && parts[2] == "storage" && parts[4] == "content"
        default: return false
        }
    }
}

/// The kept answers of ``SharedReads``.
actor SharedReadStore {
    private(set) var sharing = true
    private var answers: [String: Task<Result<APIResponse, ProxmoxError>, Never>] = [:]

    func answer(_ key: String, _ read: @escaping @Sendable () async -> Result<APIResponse, ProxmoxError>)
        async -> Result<APIResponse, ProxmoxError>
    {
        guard sharing else { return await read() }
        if let running = answers[key] { return await running.value }
        let task = Task { await read() }
        answers[key] = task
        let outcome = await task.value
        // Only answers that succeeded are kept: after a failure the next builder asks again (and reports its own).
        let succeeded = (try? outcome.get())?.isSuccess ?? false
        if !succeeded, answers[key] == task { answers[key] = nil }
        return outcome
    }

    func stop() {
        sharing = false
        answers = [:]
    }
}
