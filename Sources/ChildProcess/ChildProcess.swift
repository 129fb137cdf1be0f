import Foundation

/// The one way lxc-build runs a program: every process runner of the package (HostProbe's command runner, the
/// pvesh transport, the node shells, the CLI's whiptail and editor) is a thin adapter over it.
///
/// A run starts the program with `posix_spawn`, feeds its standard input and drains standard output and standard
/// error at the same time (so no amount of output blocks it), and stops it at its ``ChildCommand/deadline`` or
/// when the calling task is cancelled: `SIGTERM` to its whole process group, `SIGKILL` after
/// ``ChildCommand/grace``. A program it started in the background that keeps the pipes open therefore ends with
/// it instead of holding the call. Nothing changes a signal disposition of the calling program: a child that
/// stops reading its input makes the write fail with `EPIPE` on a thread that blocks `SIGPIPE` for itself.
public enum ChildProcess {
    /// Runs `command` on a thread of its own (never the concurrency pool) and waits for it; cancelling the calling
    /// task stops it (``ChildOutcome/stop`` is then ``ChildOutcome/Stop/cancelled``).
    /// - Throws: ``ChildProcessError`` when it could not be started; everything after the start is in the outcome.
    public static func run(_ command: ChildCommand) async throws(ChildProcessError) -> ChildOutcome {
        let control = try RunControl()
        let result: Result<ChildOutcome, ChildProcessError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread {
                    do throws(ChildProcessError) {
                        continuation.resume(returning: .success(try ChildRun(command: command, control: control).execute()))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }.start()
            }
        } onCancel: {
            control.cancel()
        }
        return try result.get()
    }

    /// Runs `command` on the calling thread, which it blocks until the child ended: for callers that are not
    /// asynchronous (a terminal dialog). Only the deadline stops it.
    /// - Throws: ``ChildProcessError`` when it could not be started.
    public static func runBlocking(_ command: ChildCommand) throws(ChildProcessError) -> ChildOutcome {
        try ChildRun(command: command, control: try RunControl()).execute()
    }
}
