import Glibc

/// Writing to a pipe whose reader is gone raises `SIGPIPE`, whose default action ends the whole program. A library
/// must not change that disposition for the program, so the thread that writes to a child blocks `SIGPIPE` for
/// itself: the write then fails with `EPIPE`, and the signal, left pending on the thread, is taken with
/// `sigtimedwait` before the thread's own mask comes back (where it would otherwise be delivered).
enum BrokenPipeSignal {
    /// Runs `body` with `SIGPIPE` blocked in the calling thread, then restores the thread's mask, consuming a
    /// `SIGPIPE` that `body` left pending.
    static func blocked<Result>(_ body: () throws(ChildProcessError) -> Result) throws(ChildProcessError) -> Result {
        var pipeOnly = signalSet()
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
        defer {
            // Already blocked by the caller: whatever is pending stays theirs.
            if sigismember(&previous, SIGPIPE) == 0 { consumePending() }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        return try body()
    }

    /// Takes a pending `SIGPIPE` (raised by a failed write of this thread while it was blocked), so that it is
    /// never delivered.
    static func consumePending() {
        var pending = sigset_t()
        guard sigpending(&pending) == 0, sigismember(&pending, SIGPIPE) == 1 else { return }
        var pipeOnly = signalSet()
        var noWait = timespec(tv_sec: 0, tv_nsec: 0)
        while sigtimedwait(&pipeOnly, nil, &noWait) < 0 && errno == EINTR {}
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        return set
    }
}
