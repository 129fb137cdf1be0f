import Foundation
import Glibc

/// One child from start to reaping, on the calling thread (which it blocks).
///
/// The child is started with `posix_spawn`: in a process group of its own (``ChildCommand/Streams/pipes(input:)``)
/// or in the caller's (the terminal), with the signals a parent may ignore or block set back to their defaults.
/// A thread waits for it to end without reaping it (`waitid` with `WNOWAIT`): as long as it is not reaped its
/// process id, and so its group id, cannot be given to another process, which makes signalling the group safe
/// until the loop has finished.
struct ChildRun {
    let command: ChildCommand
    let control: RunControl

    /// The signals a child gets back at their default action, whatever its parent did with them (lxc-build's
    /// CLI ignores some of them to turn them into cancellation): `SIGTERM` must end a child that is stopped.
    static let defaultSignals: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM]

    /// Starts the child, feeds and drains it until it ends (or is stopped), reaps it.
    func execute() throws(ChildProcessError) -> ChildOutcome {
        let pid: pid_t
        var streams: StreamEnds
        do {
            (pid, streams) = try start()
        } catch {
            control.close()
            throw error
        }
        let control = self.control
        Thread {
            var info = siginfo_t()
            // Returns when the child ended, or at once when it cannot be waited for (ECHILD).
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            control.childExited()
        }.start()
        var loop = ChildLoop(command: command, control: control, pid: pid, streams: streams)
        let outcome = loop.run()
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped < 0 && errno == EINTR
        return ChildOutcome(
            termination: reaped == pid ? Self.termination(status) : .unknown,
            standardOutput: outcome.output, standardError: outcome.errors, stop: outcome.stop,
            unreadInput: outcome.unreadInput, omittedOutput: outcome.omittedOutput, omittedErrors: outcome.omittedErrors)
    }

    /// Checks the command, makes the pipes and starts the child; the parent keeps only its own pipe ends.
    private func start() throws(ChildProcessError) -> (pid_t, StreamEnds) {
        try validate()
        if control.state.cancelled {
            throw ChildProcessError(.cancelled, "\(command.executable) was not started: the task was cancelled")
        }
        var streams = try StreamEnds(command.streams)
        do {
            let pid = try spawn(&streams)
            streams.closeChildEnds()
            return (pid, streams)
        } catch {
            streams.closeAll()
            throw error
        }
    }

    /// An exit status or the signal that ended the child, from `waitpid`'s status word.
    static func termination(_ status: Int32) -> ChildOutcome.Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Refuses what would be cut short or misread on its way to the child: C strings end at a NUL byte.
    private func validate() throws(ChildProcessError) {
        let name = command.executable
        if name.isEmpty || name.utf8.contains(0) {
            throw ChildProcessError(.invalidArgument, "the program's path is empty or holds a NUL byte")
        }
        for argument in command.arguments where argument.utf8.contains(0) {
            throw ChildProcessError(.invalidArgument, "an argument of \(name) holds a NUL byte")
        }
        for (key, value) in command.environment ?? [:] {
            if key.isEmpty || key.utf8.contains(0) || key.contains("=") || value.utf8.contains(0) {
                throw ChildProcessError(.invalidArgument, "the environment variable '\(key)' of \(name) cannot be passed (empty, '=' or NUL byte)")
            }
        }
    }

    private func spawn(_ streams: inout StreamEnds) throws(ChildProcessError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        streams.addChildActions(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if command.ownsProcessGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)  // a group of its own, led by the child
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Self.defaultSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let environment = command.environment ?? ProcessInfo.processInfo.environment
        let argv = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command.executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChildProcessError(
                .launchFailed, "\(command.executable) could not be started: \(String(cString: strerror(result)))",
                errorNumber: result)
        }
        return pid
    }
}
