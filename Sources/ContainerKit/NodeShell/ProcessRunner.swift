import ChildProcess
import Foundation

/// Runs a local program for the node shells through `ChildProcess`: its own process group, stdin fed and
/// closed, stdout and stderr collected, the whole group stopped at the timeout or when the build is cancelled.
enum ProcessRunner {
    /// The `PATH` commands are looked up in and run with; lxc-build's own environment is not passed on.
    static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Runs `executable` (a path, or a name looked up in ``searchPath``) with exactly `environment`, keeping at most
    /// `outputLimit` bytes of each output stream; past it, `longOutput` decides.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: Data, timeout: Duration?,
        outputLimit: Int, longOutput: NodeCommand.LongOutput
    ) async throws(NodeShellError) -> CommandResult {
        guard let path = resolve(executable) else {
            throw NodeShellError(.launch, "\(executable) was not found in \(searchPath)")
        }
        let outcome: ChildOutcome
        do {
            outcome = try await ChildProcess.run(ChildCommand(
                path, arguments, environment: environment, streams: .pipes(input: input), deadline: timeout,
                outputLimit: outputLimit, overflow: longOutput == .stop ? .stop : .dropMiddle))
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
                exitCode: outcome.termination.shellStatus,
                stdout: marked(outcome.standardOutput, outcome.omittedOutput, limit: outputLimit),
                stderr: marked(outcome.standardError, outcome.omittedErrors, limit: outputLimit))
        }
    }

    /// `bytes` with a line where `omission` left bytes out, so a log says so where it happened.
    static func marked(_ bytes: Data, _ omission: ChildOutcome.Omission?, limit: Int) -> Data {
        guard let omission else { return bytes }
        let line = "\n[lxc-build: \(omission.count) bytes left out here; of output longer than \(sizeText(limit)), "
            + "the first and the last \(sizeText(limit / 2)) are kept]\n"
        var marked = Data(bytes.prefix(omission.offset))
        marked.append(Data(line.utf8))
        marked.append(bytes.dropFirst(omission.offset))
        return marked
    }

    /// `64 MiB` for whole mebibytes, else `4096 bytes`.
    static func sizeText(_ count: Int) -> String {
        count >= 1 << 20 && count % (1 << 20) == 0 ? "\(count >> 20) MiB" : "\(count) bytes"
    }

    static func resolve(_ executable: String) -> String? {
        ExecutableSearch.locate(executable, in: ExecutableSearch.folders(ofSearchPath: searchPath))
    }
}
