import Foundation

/// Runs a full-screen program (whiptail, the editor) on the controlling terminal, in lxc-build's own process
/// group.
///
/// Foundation's `Process` puts each child into a process group of its own. On a terminal that group is in the
/// background, so the first read from `/dev/tty` stops the program (SIGTTIN) or fails, and whiptail gives up at
/// once. `posix_spawn` without `POSIX_SPAWN_SETPGROUP` keeps the child in the foreground group, as a shell script
/// such as build.func does.
enum TerminalProcess {
    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status, or `nil` when the program was killed (time out) or could not be started.
        var status: Int32?
        /// What the program wrote to standard error (whiptail's answer).
        var errorOutput: String
    }

    /// Runs `path` with `arguments` on `/dev/tty` (standard input and output), collecting standard error when
    /// `captureErrors` (else it goes to the terminal too); kills it after `timeout`. `nil` without a terminal.
    static func run(_ path: String, _ arguments: [String], captureErrors: Bool = true, timeout: Duration?) -> Outcome? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var errors: [Int32] = [-1, -1]
        if captureErrors { guard pipe(&errors) == 0 else { return nil } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, tty, 0)
        posix_spawn_file_actions_adddup2(&actions, tty, 1)
        posix_spawn_file_actions_adddup2(&actions, captureErrors ? errors[1] : tty, 2)
        if captureErrors { posix_spawn_file_actions_addclose(&actions, errors[0]) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ) == 0
        if captureErrors { close(errors[1]) }
        guard spawned else {
            if captureErrors { close(errors[0]) }
            return Outcome(status: nil, errorOutput: "")
        }
        let child = pid
        let finished = Mutex(false)
        let killed = Mutex(false)
        if let timeout {
            // A thread of its own for the deadline: Dispatch timers can fire late when worker threads are blocked.
            let seconds = Double(timeout.components.seconds)
            Thread {
                Thread.sleep(forTimeInterval: seconds)
                guard !finished.get() else { return }
                killed.set(true)
                kill(child, SIGTERM)
            }.start()
        }
        var collected = Data()
        if captureErrors {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(errors[0], &buffer, buffer.count)
                if count > 0 { collected.append(contentsOf: buffer[..<count]) } else if count == 0 || errno != EINTR { break }
            }
            close(errors[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        finished.set(true)
        let exited = status & 0x7f == 0
        let code: Int32? = killed.get() || !exited ? nil : (status >> 8) & 0xff
        return Outcome(status: code, errorOutput: String(decoding: collected, as: UTF8.self))
    }
}
