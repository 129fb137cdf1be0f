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
        // Pipes are close-on-exec so a child started meanwhile by another thread never holds them open.
        guard let stdinPipe = makePipe(), let stdoutPipe = makePipe(), let stderrPipe = makePipe() else {
            return .failure(NodeShellError(.launch, "could not make pipes for \(path)"))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = box.spawn { posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 ? pid : nil }
        for fd in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { close(fd) }
        guard spawned else {
            for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(fd) }
            return .failure(NodeShellError(box.wasCancelled ? .cancelled : .launch, "could not start \(path)"))
        }
        let writer = Thread {
            input.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(stdinPipe[1], buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(stdinPipe[1])
        }
        writer.start()
        let errorData = LockedData()
        let errorDone = DispatchSemaphore(value: 0)
        let errorReader = Thread {
            errorData.set(readAll(stderrPipe[0]))
            errorDone.signal()
        }
        errorReader.start()
        if let timeout {
            // A thread of its own for the deadline: Dispatch timers can fire late when worker threads are blocked.
            let (seconds, attoseconds) = timeout.components
            let interval = Double(seconds) + Double(attoseconds) / 1e18
            Thread {
                Thread.sleep(forTimeInterval: interval)
                box.expire()
            }.start()
        }
        let outputData = readAll(stdoutPipe[0])
        errorDone.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        box.finished()
        if box.wasCancelled { return .failure(NodeShellError(.cancelled, "\(path) was stopped: the build was cancelled")) }
        if box.hasExpired, let timeout { return .failure(NodeShellError(.timeout, "\(path) took longer than \(timeout) and was killed")) }
        let signalled = status & 0x7f
        let code = signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
        return .success(CommandResult(exitCode: code, stdout: outputData, stderr: errorData.get()))
    }

    private static func makePipe() -> [Int32]? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    private static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        close(fd)
        return data
    }
}

/// The child being run, so cancellation and timeouts can kill it from other threads.
private final class RunningProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t?
    private var cancelled = false
    private var expired = false

    /// Runs `start` unless already cancelled; `true` when a child was started.
    func spawn(_ start: () -> pid_t?) -> Bool {
        lock.withLock {
            guard !cancelled, let started = start() else { return false }
            pid = started
            return true
        }
    }

    func cancel() { lock.withLock { cancelled = true; kill() } }
    /// The deadline passed: kill the child, unless it was already reaped (a late timer changes nothing).
    func expire() {
        lock.withLock {
            guard pid != nil else { return }
            expired = true
            kill()
        }
    }
    /// The child was reaped: its pid may be reused and must not be signalled any more.
    func finished() { lock.withLock { pid = nil } }
    var wasCancelled: Bool { lock.withLock { cancelled } }
    var hasExpired: Bool { lock.withLock { expired } }

    private func kill() {
        if let pid { Foundation.kill(pid, SIGKILL) }
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
