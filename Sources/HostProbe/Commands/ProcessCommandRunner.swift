import ChildProcess
public import Foundation

/// Runs commands on this machine through `ChildProcess`, lxc-build's one way to run a program.
///
/// Standard input is `/dev/null`, `LC_ALL=C` keeps output parseable, and a command that has not finished when its
/// timeout expires, or whose calling task is cancelled, is stopped with its whole process group: `SIGTERM`, then
/// `SIGKILL` one second later. What it started in the background and that still holds its output pipes ends with
/// it, so the call returns soon after the timeout.
public struct ProcessCommandRunner: CommandRunner {
    /// The environment given to every command (`LC_ALL` is forced to `C`).
    public var environment: [String: String]

    /// Creates a runner with the given environment (the process's own by default).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Folders searched after `PATH`, because `lspci` and friends live in `sbin` on some hosts.
    static let fallbackSearchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    /// The executable `program` names: itself when it contains a `/`, else the first match on
    /// `searchPath` (a `PATH` value) followed by ``fallbackSearchPath``.
    static func locate(_ program: String, searchPath: String?) -> String? {
        ExecutableSearch.locate(program, in: ExecutableSearch.folders(ofSearchPath: searchPath) + fallbackSearchPath)
    }

    /// Most bytes kept of a probe command's output (16 MiB per stream; `lspci -vmm` of a full host is tens of KB).
    static let outputLimit = 16 << 20

    /// Starts `argv[0]` and waits for it, at most `timeout`.
    public func run(_ argv: [String], timeout: Duration) async throws(ProbeError) -> CommandResult {
        let commandLine = argv.joined(separator: " ")
        guard let program = argv.first, let executable = Self.locate(program, searchPath: environment["PATH"]) else {
            throw ProbeError(code: .commandNotFound, message: "\(argv.first ?? "(empty command)") is not installed")
        }
        var environment = self.environment
        environment["LC_ALL"] = "C"
        let outcome: ChildOutcome
        do {
            outcome = try await ChildProcess.run(ChildCommand(
                executable, Array(argv.dropFirst()), environment: environment, deadline: timeout, grace: .seconds(1),
                outputLimit: Self.outputLimit))
        } catch {
            let code: ProbeError.Code = error.code == .cancelled ? .cancelled : .launchFailed
            throw ProbeError(code: code, message: "\(commandLine) could not start: \(error.message)")
        }
        switch outcome.stop {
        case .deadline:
            throw ProbeError(code: .timedOut, message: "\(commandLine) did not finish within \(timeout.shortDescription)")
        case .cancelled:
            throw ProbeError(code: .cancelled, message: "\(commandLine) was stopped: the probe was cancelled")
        case .outputLimit:
            throw ProbeError(code: .outputLimit, message: "\(commandLine) wrote more than \(Self.outputLimit >> 20) MiB and was stopped")
        case nil:
            let status: ExitStatus
            switch outcome.termination {
            case .exited(let code): status = .exited(code)
            case .signalled(let signal): status = .signalled(signal)
            case .unknown: status = .exited(255)
            }
            return CommandResult(
                argv: argv, exitStatus: status,
                stdout: String(decoding: outcome.standardOutput, as: UTF8.self),
                stderr: String(decoding: outcome.standardError, as: UTF8.self))
        }
    }
}
