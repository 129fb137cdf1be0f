import ArgumentParser
import ContainerKit
import Glibc

/// The one way the process ends: its temporary folders removed, the C streams flushed, then `_exit(2)`.
///
/// `exit(3)` would run the `atexit` handlers and the finalizers of the loaded libraries (libcurl's and OpenSSL's,
/// opened with `dlopen`) while threads the process started may still be working: a request's libcurl thread, the
/// output watcher, Dispatch's workers, the signal sources. One `plan` of 580 died so with SIGSEGV after printing its
/// whole plan (a thread locking what a finalizer had just torn down). Nothing the process writes needs those
/// handlers: ``TerminalOutput`` writes with `write(2)` (the argument parser's messages too, through
/// ``exit(withError:)``), and anything a library wrote through the C streams is flushed here.
enum ProcessEnd {
    /// Ends the process with `code`.
    static func exit(_ code: BuildExitCode) -> Never {
        TemporaryFolders.shared.removeAll()
        fflush(nil)
        _exit(code.rawValue)
    }

    /// Ends the process as the argument parser's `exit(withError:)` would, through ``exit(_:)``: help, version and
    /// completion scripts on standard output with 0, other messages on standard error with their exit code.
    static func exit(withError error: any Error) -> Never {
        let code = BuildExitCode(rawValue: LXCBuild.exitCode(for: error).rawValue)
        let text = LXCBuild.fullMessage(for: error)
        if !text.isEmpty {
            TerminalOutput.shared.line(text, to: code == 0 ? .output : .errors)
        }
        exit(code)
    }
}
