public import Foundation

/// Runs commands on this machine with Foundation's `Process`.
///
/// Standard input is `/dev/null`, `LC_ALL=C` keeps output parseable, and a command that has not
/// finished when its timeout expires is sent `SIGTERM`, then `SIGKILL` one second later; the call
/// returns as soon as the timeout expires even if a child process still holds the output pipes.
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
    static func locate(_ program: String, searchPath: String?) -> URL? {
        let manager = FileManager.default
        if program.contains("/") {
            return manager.isExecutableFile(atPath: program) ? URL(fileURLWithPath: program) : nil
        }
        let folders = (searchPath ?? "").split(separator: ":").map(String.init) + fallbackSearchPath
        for folder in folders where !folder.isEmpty {
            let candidate = VirtualPath.join(folder, program)
            if manager.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    /// Starts `argv[0]` and waits for it, at most `timeout`.
    public func run(_ argv: [String], timeout: Duration) async throws(ProbeError) -> CommandResult {
        let commandLine = argv.joined(separator: " ")
        guard let program = argv.first, let executable = Self.locate(program, searchPath: environment["PATH"]) else {
            throw ProbeError(code: .commandNotFound, message: "\(argv.first ?? "(empty command)") is not installed")
        }
        let run = ProcessRun(executable: executable, arguments: Array(argv.dropFirst()), environment: environment)
        do {
            try run.start()
        } catch {
            throw ProbeError(code: .launchFailed, message: "\(commandLine) could not start: \(error.localizedDescription)")
        }
        switch await run.wait(timeout: timeout) {
        case .timedOut:
            throw ProbeError(code: .timedOut, message: "\(commandLine) did not finish within \(timeout.shortDescription)")
        case .finished(let stdout, let stderr, let status):
            return CommandResult(
                argv: argv,
                exitStatus: status,
                stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self)
            )
        }
    }
}

/// One started process, its pipes, and the continuation that is resumed exactly once: when the
/// process has ended and its pipes are drained, or when the timeout expires, whichever is first.
private final class ProcessRun: @unchecked Sendable {
    enum Outcome {
        case finished(stdout: Data, stderr: Data, status: ExitStatus)
        case timedOut
    }

    private let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Never>?
    private var collectedStdout = Data()

    init(executable: URL, arguments: [String], environment: [String: String]) {
        var environment = environment
        environment["LC_ALL"] = "C"
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
    }

    func start() throws {
        try process.run()
    }

    /// Waits on dedicated threads, never on Dispatch's global pool: that pool has about one thread
    /// per core, and blocked reads there would delay the timeout of every other running command.
    func wait(timeout: Duration) async -> Outcome {
        await withCheckedContinuation { continuation in
            lock.withLock { self.continuation = continuation }
            Thread { self.collect() }.start()
            // A thread of its own for the deadline: Dispatch timers were seen to fire late, or not at all,
            // when a loaded test process had its worker threads blocked.
            let seconds = timeout.seconds
            Thread {
                Thread.sleep(forTimeInterval: seconds)
                self.expire()
            }.start()
        }
    }

    /// Drains both pipes (concurrently, so a full stderr pipe cannot block stdout), then reaps.
    private func collect() {
        let stdoutDone = DispatchSemaphore(value: 0)
        Thread {
            let data = self.stdoutPipe.fileHandleForReading.readDataToEndOfFile()
            self.lock.withLock { self.collectedStdout = data }
            stdoutDone.signal()
        }.start()
        let stderr = stderrPipe.fileHandleForReading.readDataToEndOfFile()
        stdoutDone.wait()
        process.waitUntilExit()
        let status: ExitStatus =
            process.terminationReason == .uncaughtSignal
            ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        let stdout = lock.withLock { collectedStdout }
        resume(.finished(stdout: stdout, stderr: stderr, status: status))
    }

    /// Gives up on the process: `SIGTERM` now, `SIGKILL` a second later if it is still there. Foundation starts
    /// the child in a process group of its own, so the signals go to the group: what the command started in the
    /// background (and that may hold its pipes open) ends with it.
    private func expire() {
        guard lock.withLock({ continuation != nil }) else { return }
        if process.isRunning {
            let pid = process.processIdentifier
            if kill(-pid, SIGTERM) != 0 { process.terminate() }
            Thread {
                Thread.sleep(forTimeInterval: 1)
                kill(-pid, SIGKILL)
                if self.process.isRunning { kill(pid, SIGKILL) }
            }.start()
        }
        resume(.timedOut)
    }

    private func resume(_ outcome: Outcome) {
        let waiting = lock.withLock {
            let waiting = continuation
            continuation = nil
            return waiting
        }
        waiting?.resume(returning: outcome)
    }
}
