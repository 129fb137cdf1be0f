import Foundation

/// A shell command that starts a grandchild holding the output pipes, writes the grandchild's pid to a file, then
/// sleeps itself: what a runner must stop as a whole at its deadline or on cancellation.
///
/// ``arguments`` is `sh -c SCRIPT PIDFILE`; ``cleanUp()`` kills a grandchild that a failed test left behind.
public struct GrandchildProbe: Sendable {
    /// Where the shell writes the grandchild's pid.
    public let pidFile: String
    /// The shell script (`$0` is the pid file).
    public let script: String

    /// The grandchild and then the shell sleep 900 s; `shellEnd` replaces the shell's own `exec sleep 900`
    /// (`exit 0`: the shell ends at once and only the grandchild holds the pipes). `grandchildIgnoresTERM` makes
    /// the grandchild ignore `SIGTERM`, so only a `SIGKILL` to the group ends it.
    public init(shellEnd: String = "exec sleep 900", grandchildIgnoresTERM: Bool = false) {
        pidFile = NSTemporaryDirectory() + "lxcb-grandchild-\(UUID().uuidString.prefix(12))"
        let grandchild = grandchildIgnoresTERM ? "(trap '' TERM; exec sleep 900) &" : "sleep 900 &"
        script = "\(grandchild) echo $! > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; \(shellEnd)"
    }

    /// `["/bin/sh", "-c", script, pidFile]`.
    public var arguments: [String] { ["/bin/sh", "-c", script, pidFile] }

    /// The grandchild's pid, once the shell wrote it.
    public func grandchildPID() -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits (at most `limit`) until the shell wrote the grandchild's pid: the command is running.
    public func waitForGrandchild(limit: Duration = .seconds(300)) async -> Int32? {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while clock.now < end {
            if let pid = grandchildPID() { return pid }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Whether `pid` is gone (or a zombie that init reaps soon), checked for at most `limit`.
    public static func isGone(_ pid: Int32, within limit: Duration = .seconds(120)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while clock.now < end {
            if isGoneNow(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return isGoneNow(pid)
    }

    /// Kills a grandchild still there (a failed test) and removes the pid file.
    public func cleanUp() {
        if let pid = grandchildPID(), !Self.isGoneNow(pid),
            let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8), command.hasPrefix("sleep")
        {
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: pidFile)
    }

    private static func isGoneNow(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return true }
        return ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
    }
}

/// Runs `body` with `SIGPIPE` at its default action (which ends the process), then puts the previous action back:
/// a runner that writes to a child that stopped reading must survive this without changing it.
public func withDefaultBrokenPipeAction<T>(_ body: () async throws -> T) async rethrows -> T {
    var fallback = sigaction()
    var previous = sigaction()
    fallback.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&fallback.sa_mask)
    sigaction(SIGPIPE, &fallback, &previous)
    defer { sigaction(SIGPIPE, &previous, nil) }
    return try await body()
}

/// Whether `SIGPIPE` is at its default action now (no library turned it off for the whole process).
public func brokenPipeActionIsDefault() -> Bool {
    var current = sigaction()
    sigaction(SIGPIPE, nil, &current)
    return current.__sigaction_handler.sa_handler == nil  // SIG_DFL
}
