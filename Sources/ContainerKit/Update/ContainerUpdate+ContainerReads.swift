import Foundation

extension ContainerUpdate {
    /// The bytes of `path` inside container `ctid` (`nil` when it does not exist), read while planning through
    /// `shell` and stopped after ``Options/commandTimeout``: a container whose `/bin/sh` never ends cannot hold the
    /// update for ever.
    /// - Throws: ``BuildError``: 124 when the read did not end by the deadline, naming the command and the deadline;
    ///   130 when the run was interrupted; 1 when the read failed.
    func readInside(_ path: String, ctid: Int, shell: any NodeShell) async throws(BuildError) -> Data? {
        let deadline = options.commandTimeout
        let what = "reading \(path) in container \(ctid) through \(shell.name)"
        do throws(NodeShellError) {
            return try await shell.copyOut(ctid: ctid, from: path, timeout: deadline)
        } catch {
            switch error.kind {
            case .cancelled:
                throw BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted while \(what); nothing was changed")
            case .timeout:
                throw BuildError(
                    exitCode: .commandTimedOut,
                    message: "\(what): `lxc-attach -n \(ctid) -- /bin/sh -c` did not end within \(Self.shown(deadline)), "
                        + "the deadline of each command update runs in the container before the update itself; it was stopped and nothing was changed",
                    hint: "Something in container \(ctid) does not answer (its /bin/sh must start and end: `lxc-attach -n \(ctid) -- /bin/sh -c true`); "
                        + "look inside with `pct enter \(ctid)`, or restart it with `pct reboot \(ctid)`.")
            default:
                throw BuildError(exitCode: BuildExitCode.general, message: "\(what) failed: \(error.message); nothing was changed")
            }
        }
    }

    /// `60 s`, or `500 ms` below a second.
    static func shown(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return seconds >= 1 ? "\(seconds) s" : "\(attoseconds / 1_000_000_000_000_000) ms"
    }
}
