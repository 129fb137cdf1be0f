import Foundation

/// Runs a local program with Foundation's `Process` on a thread of its own (never the Swift concurrency
/// pool), feeding stdin and collecting stdout and stderr without deadlocking on full pipes.
enum ProcessRunner {
    /// The `PATH` commands are looked up in and run with; lxc-build's own environment is not passed on.
    static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Runs `executable` (a path, or a name looked up in ``searchPath``) with exactly `environment`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: Data, timeout: Duration?
    ) async throws(NodeShellError) -> CommandResult {
        guard let path = resolve(executable) else {
            throw NodeShellError(.launch, "\(executable) was not found in \(searchPath)")
        }
        for argument in arguments where argument.utf8.contains(0) {
            throw NodeShellError(.invalidArgument, "an argument of \(executable) holds a NUL byte")
        }
        ignoreSIGPIPE
        let box = RunningProcess()
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<CommandResult, NodeShellError>, Never>) in
                let thread = Thread {
                    continuation.resume(returning: runBlocking(path, arguments, environment, input, timeout, box))
                }
                thread.start()
            }
        } onCancel: {
            box.cancel()
        }
        return try outcome.get()
    }

    static func resolve(_ executable: String) -> String? {
        if executable.contains("/") { return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil }
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func runBlocking(
        _ path: String, _ arguments: [String], _ environment: [String: String], _ input: Data, _ timeout: Duration?,
        _ box: RunningProcess
    ) -> Result<CommandResult, NodeShellError> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try box.start(process)
        } catch {
            return .failure(NodeShellError(.launch, "could not start \(path): \(error)"))
        }
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorDone = DispatchSemaphore(value: 0)
        let errorReader = Thread {
            errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
            errorDone.signal()
        }
        errorReader.start()
        var timer: DispatchWorkItem?
        if let timeout {
            let item = DispatchWorkItem { box.expire() }
            timer = item
            let (seconds, attoseconds) = timeout.components
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18, execute: item)
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        errorDone.wait()
        process.waitUntilExit()
        timer?.cancel()
        if box.wasCancelled { return .failure(NodeShellError(.cancelled, "\(path) was stopped: the build was cancelled")) }
        if box.hasExpired, let timeout { return .failure(NodeShellError(.timeout, "\(path) took longer than \(timeout) and was killed")) }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return .success(CommandResult(exitCode: status, stdout: outputData, stderr: errorData.get()))
    }
}

/// The process being run, so cancellation and timeouts can kill it from other threads.
private final class RunningProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var process: Process?
    private var cancelled = false
    private var expired = false

    func start(_ process: Process) throws {
        try lock.withLock {
            guard !cancelled else { throw CancellationError() }
            self.process = process
            try process.run()
        }
    }

    func cancel() { lock.withLock { cancelled = true; kill() } }
    func expire() { lock.withLock { expired = true; kill() } }
    var wasCancelled: Bool { lock.withLock { cancelled } }
    var hasExpired: Bool { lock.withLock { expired } }

    private func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
