import ChildProcess
import Foundation

/// Runs a local program for the node shells through `ChildProcess`: its own process group, stdin fed and
/// closed, stdout and stderr collected, the whole group stopped at the timeout or when the build is cancelled.
enum ProcessRunner {
    /// The `PATH` commands are looked up in and run with; lxc-build's own environment is not passed on.
    static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Runs `executable` (a path, or a name looked up in ``searchPath``) with exactly `environment`, keeping at most
    /// `outputLimit` bytes of each output stream.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: Data, timeout: Duration?,
        outputLimit: Int
    ) async throws(NodeShellError) -> CommandResult {
        guard let path = resolve(executable) else {
            throw NodeShellError(.launch, "\(executable) was not found in \(searchPath)")
        }
        let outcome: ChildOutcome
        do {
            outcome = try await ChildProcess.run(ChildCommand(
                path, arguments, environment: environment, streams: .pipes(input: input), deadline: timeout,
                outputLimit: outputLimit))
        } catch {
            switch error.code {
            case .invalidArgument: throw NodeShellError(.invalidArgument, error.message)
            case .cancelled: throw NodeShellError(.cancelled, "\(path) was not started: the build was cancelled")
            case .launchFailed: throw NodeShellError(.launch, "could not start \(path): \(error.message)")
            }
        }
        switch outcome.stop {
        case .cancelled:
            throw NodeShellError(.cancelled, "\(path) was stopped: the build was cancelled")
        case .deadline:
            throw NodeShellError(.timeout, "\(path) took longer than \(timeout.map { "\($0)" } ?? "its timeout") and was killed")
        case .outputLimit:
            throw NodeShellError(.outputLimit, "\(path) wrote more than \(outputLimit >> 20) MiB and was stopped")
        case nil:
            return CommandResult(
                exitCode: outcome.termination.shellStatus, stdout: outcome.standardOutput, stderr: outcome.standardError)
        }
    }

    static func resolve(_ executable: String) -> String? {
        ExecutableSearch.locate(executable, in: ExecutableSearch.folders(ofSearchPath: searchPath))
    }
}
