import ContainerKit
import Glibc

/// Why a run was stopped before it finished: a signal, or an output stream that closed.
///
/// Each gets build.func's exit code for the signal (a closed output is SIGPIPE's, 141), after the same
/// cleanup as Ctrl-C: the container the run created is removed.
enum RunStop: Sendable, Equatable {
    case signal(Int32)
    case outputClosed(TerminalOutput.Stream)

    /// The signals that stop a run: Ctrl-C, `kill`, a dropped terminal or SSH session, Ctrl-\.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// 128 + the signal; 141 for a closed output.
    var exitCode: BuildExitCode {
        switch self {
        case .signal(let number): return BuildExitCode(rawValue: 128 + number)
        case .outputClosed: return .outputClosed
        }
    }

    /// What stopped the run, for the error message.
    var message: String {
        switch self {
        case .signal(SIGINT): return "interrupted (Ctrl-C)"
        case .signal(SIGTERM): return "terminated (SIGTERM)"
        case .signal(SIGHUP): return "hung up (SIGHUP: the terminal or SSH session went away)"
        case .signal(SIGQUIT): return "quit (SIGQUIT)"
        case .signal(let number): return "stopped by signal \(number)"
        case .outputClosed(let stream): return "\(stream) was closed (its reader went away)"
        }
    }
}

extension BuildError {
    /// This error for a run that `stop` ended: the reason's exit code whatever step it was in (a cancelled
    /// catalog fetch may have reported a connection failure), and the reason in the message.
    func stopped(by stop: RunStop) -> BuildError {
        var error = self
        error.message = exitCode == .interrupted ? stop.message : "\(stop.message): \(message)"
        error.exitCode = stop.exitCode
        return error
    }
}
