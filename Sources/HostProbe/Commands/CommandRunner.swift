/// How a command ended.
public enum ExitStatus: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The program exited with this status.
    case exited(Int32)
    /// The program was killed by this signal.
    case signalled(Int32)

    /// `exit 0` or `signal 9`.
    public var description: String {
        switch self {
        case .exited(let code): "exit \(code)"
        case .signalled(let signal): "signal \(signal)"
        }
    }
}

/// The outcome of one finished command: what ran, how it ended and what it printed.
public struct CommandResult: Sendable, Codable, Hashable {
    /// The command and its arguments, e.g. `["pvecm", "status"]`.
    public var argv: [String]
    /// How the command ended.
    public var exitStatus: ExitStatus
    /// Standard output, decoded as UTF-8.
    public var stdout: String
    /// Standard error, decoded as UTF-8.
    public var stderr: String

    /// Creates a result (used by runners and by tests).
    public init(argv: [String], exitStatus: ExitStatus = .exited(0), stdout: String = "", stderr: String = "") {
        self.argv = argv
        self.exitStatus = exitStatus
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Whether the command exited with status 0.
    public var succeeded: Bool { exitStatus == .exited(0) }

    /// The argv joined with spaces, for messages.
    public var commandLine: String { argv.joined(separator: " ") }

    /// This result if the command succeeded.
    /// - Throws: ``ProbeError`` with ``ProbeError/Code/nonZeroExit``, carrying this result.
    public func checked() throws(ProbeError) -> CommandResult {
        guard succeeded else {
            let detail = stderr.split(separator: "\n").first.map { ": \($0)" } ?? ""
            throw ProbeError(code: .nonZeroExit, message: "\(commandLine) ended with \(exitStatus)\(detail)", result: self)
        }
        return self
    }
}

/// Runs a program on the probed host and collects its output.
///
/// Production code uses ``ProcessCommandRunner``; `--root DIR` uses ``RecordedCommandRunner``; a
/// remote node could be backed by a runner that goes through a node shell. A runner never reads
/// standard input, so a command can never prompt.
public protocol CommandRunner: Sendable {
    /// Runs `argv` and waits at most `timeout` for it to finish.
    ///
    /// A non-zero exit is *not* an error: the result says how the command ended.
    /// - Throws: ``ProbeError`` with ``ProbeError/Code/commandNotFound``,
    ///   ``ProbeError/Code/launchFailed`` or ``ProbeError/Code/timedOut``.
    func run(_ argv: [String], timeout: Duration) async throws(ProbeError) -> CommandResult
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// `10 s` or `0.25 s`, for messages.
    var shortDescription: String {
        let value = seconds
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
