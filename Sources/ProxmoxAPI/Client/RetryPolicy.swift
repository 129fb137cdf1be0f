/// When and how often a failed call is tried again.
///
/// Only calls that cannot have changed anything are repeated: GETs after transient failures,
/// and any call whose request certainly never reached the server (connection refused, TLS
/// failure before sending). A POST that may have taken effect is never blindly repeated; the
/// workflow checks state instead.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    /// Wait before the second try; doubled for each further one.
    public var initialDelay: Duration
    /// Upper bound of one wait.
    public var maxDelay: Duration
    /// How to wait; `Task.sleep` in production, instant in tests.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Makes a policy.
    public init(
        maxAttempts: Int = 4, initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(4),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// No retries.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The wait before try number `attempt + 1` (`attempt` counts from 1).
    public func delay(after attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, attempt) where delay < maxDelay { delay = delay * 2 }
        return min(delay, maxDelay)
    }

    /// Whether `error`, from a call with `method`, may be retried.
    public func shouldRetry(_ error: ProxmoxError, method: APIMethod) -> Bool {
        if error.code == .cancelled || error.code == .invalidArgument || error.code == .unsupported { return false }
        if !error.requestMayHaveArrived && (error.code == .transport || error.code == .timeout) { return true }
        guard method.isSafeToRepeat else { return false }
        return [.transient, .nodeUnreachable, .transport, .timeout].contains(error.code)
    }
}
