import ChildProcess
import Foundation

/// Runs a full-screen program (whiptail, the editor) on the controlling terminal, in lxc-build's own process
/// group, through `ChildProcess`.
///
/// Other children get a process group of their own. On a terminal such a group is in the background, so the first
/// read from `/dev/tty` stops the program (SIGTTIN) or fails, and whiptail gives up at once. Here the child stays
/// in the foreground group, as under a shell script such as build.func; at the timeout only the child itself is
/// stopped (`SIGTERM`, then `SIGKILL`), since its group is lxc-build's.
enum TerminalProcess {
    /// How a run ended.
    struct Outcome: Sendable {
        /// The exit status, or `nil` when the program was killed (time out) or could not be started.
        var status: Int32?
        /// What the program wrote to standard error (whiptail's answer).
        var errorOutput: String
    }

    /// Runs `path` with `arguments` on `/dev/tty` (standard input and output), collecting standard error when
    /// `captureErrors` (else it goes to the terminal too); stops it after `timeout`. `nil` without a terminal.
    static func run(_ path: String, _ arguments: [String], captureErrors: Bool = true, timeout: Duration?) -> Outcome? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        let command = ChildCommand(
            path, arguments, streams: .terminal(tty, captureStandardError: captureErrors), deadline: timeout)
        guard let outcome = try? ChildProcess.runBlocking(command) else { return Outcome(status: nil, errorOutput: "") }
        let status: Int32?
        if outcome.stop == nil, case .exited(let code) = outcome.termination { status = code } else { status = nil }
        return Outcome(status: status, errorOutput: String(decoding: outcome.standardError, as: UTF8.self))
    }
}
