/// Waits for a worker task to end, polling its status on the node named in its UPID.
///
/// The poll interval starts short and grows (×1.5) to a ceiling; the clock is injected so tests do
/// not sleep. A `400 no such task` right after the task was started is tolerated for a grace period
/// (the task may not be visible yet). `OK` and `WARNINGS: n` are success (warnings collected from
/// the log); anything else throws ``ProxmoxError/Code/taskFailed`` with the last lines of the log.
public struct TaskWaiter<C: Clock>: Sendable where C.Duration == Duration {
    /// The clock that paces polling and measures the timeout.
    public var clock: C
    /// First poll interval.
    public var initialInterval: Duration = .milliseconds(200)
    /// Longest poll interval.
    public var maxInterval: Duration = .seconds(2)
    /// How long "no such task" is tolerated after the first poll.
    public var unknownTaskGrace: Duration = .seconds(10)
    /// How many log lines a failure carries.
    public var failureLogLines = 20

    /// Makes a waiter on `clock`.
    public init(clock: C) {
        self.clock = clock
    }

    /// Polls until the task stops or `timeout` passes.
    /// - Parameters:
    ///   - upid: The task.
    ///   - client: The client to poll through.
    ///   - timeout: Longest wait; the task may still run afterwards.
    ///   - onStatus: Called with every status read (for progress output).
    /// - Throws: ``ProxmoxError`` `.taskFailed` (with log tail), `.timeout` (the task may still run), or a
    ///   call's error.
    public func wait(
        for upid: UPID, client: ProxmoxClient, timeout: Duration = .seconds(1800),
        onStatus: @Sendable (TaskStatus) -> Void = { _ in }
    ) async throws(ProxmoxError) -> TaskOutcome {
        let start = clock.now
        var interval = initialInterval
        let statusPath = APIPath.make("nodes", upid.node, "tasks", upid.rawValue, "status")
        while true {
            do {
                let status = try TaskStatus(json: try await client.get(statusPath))
                onStatus(status)
                if !status.isRunning { return try await finish(upid, status: status, client: client) }
            } catch where error.code == .notFound && start.duration(to: clock.now) < unknownTaskGrace {
                // Not visible yet: poll again.
            }
            guard start.duration(to: clock.now) + interval <= timeout else {
                throw ProxmoxError(
                    .timeout, message: "task \(upid.type) \(upid.id) on \(upid.node) still running after \(timeout)",
                    hint: "It may still finish; check the node's task list before retrying.", upid: upid.rawValue)
            }
            do {
                try await clock.sleep(for: interval)
            } catch {
                throw ProxmoxError(.cancelled, message: "stopped waiting for task \(upid)", upid: upid.rawValue)
            }
            interval = min(interval * 1.5, maxInterval)
        }
    }

    private func finish(_ upid: UPID, status: TaskStatus, client: ProxmoxClient) async throws(ProxmoxError) -> TaskOutcome {
        let exitStatus = status.exitStatus ?? "unexpected status"
        if status.succeeded {
            var warnings: [String] = []
            if status.warningCount > 0 {
                let log = (try? await client.taskLog(upid)) ?? []
                warnings = log.filter { $0.hasPrefix("WARN:") || $0.contains("WARNING") }
            }
            return TaskOutcome(upid: upid, exitStatus: exitStatus, warnings: warnings)
        }
        let log = (try? await client.taskLog(upid)) ?? []
        throw ProxmoxError(
            .taskFailed, message: "task \(upid.type) \(upid.id) on \(upid.node) failed: \(exitStatus)",
            taskLog: Array(log.suffix(failureLogLines)), upid: upid.rawValue)
    }
}

extension ProxmoxClient {
    /// Waits for a task on the continuous clock. See ``TaskWaiter``.
    public func waitForTask(
        _ upid: UPID, timeout: Duration = .seconds(1800), onStatus: @Sendable (TaskStatus) -> Void = { _ in }
    ) async throws(ProxmoxError) -> TaskOutcome {
        try await TaskWaiter(clock: ContinuousClock()).wait(for: upid, client: self, timeout: timeout, onStatus: onStatus)
    }

    /// Maps to `GET /nodes/{node}/tasks/{upid}/status`.
    public func taskStatus(_ upid: UPID) async throws(ProxmoxError) -> TaskStatus {
        try TaskStatus(json: try await get(APIPath.make("nodes", upid.node, "tasks", upid.rawValue, "status")))
    }

    /// The whole log of a task as lines. Maps to `GET /nodes/{node}/tasks/{upid}/log`, read in pages of 500.
    public func taskLog(_ upid: UPID) async throws(ProxmoxError) -> [String] {
        let path = APIPath.make("nodes", upid.node, "tasks", upid.rawValue, "log")
        var lines: [String] = []
        while true {
            let envelope = try await send(
                APIRequest(.get, path, parameters: [
                    APIParameter("start", .integer(lines.count)), APIParameter("limit", .integer(500)),
                ]))
            let page = envelope["data"]?.arrayValue ?? []
            lines += page.compactMap { $0["t"]?.stringValue }
            let total = envelope["total"]?.intValue ?? lines.count
            if page.isEmpty || lines.count >= total || lines.count >= 100_000 { return lines }
        }
    }

    /// Sends `request`, a call that starts a task, as it is, and returns the task.
    public func startTask(_ request: APIRequest) async throws(ProxmoxError) -> UPID {
        try upid(from: try await call(request), method: request.method.rawValue, path: request.path)
    }

    /// Parses a UPID returned by a call that starts a task.
    func upid(from data: JSONValue, method: String, path: String) throws(ProxmoxError) -> UPID {
        guard let text = data.stringValue else {
            throw ProxmoxError(
                .decoding, message: "expected a task id, got \(data.serialized())", method: method, path: path)
        }
        // An answer that is not a task id is a decoding error of this request (the request did arrive), not an
        // invalid argument of the caller's.
        do {
            return try UPID(parsing: text)
        } catch {
            throw ProxmoxError(.decoding, message: "the answer is not a task id: \(error.message)", method: method, path: path)
        }
    }
}
