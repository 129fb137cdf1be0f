import Foundation

extension ScheduleInstaller {
    /// Runs `arguments` on the node; a node shell that cannot run it is 81.
    func node(_ arguments: [String], _ what: String, input: Data = Data()) async throws(BuildError) -> CommandResult {
        do {
            return try await shell.onNode(arguments, input: input, timeout: timeout)
        } catch {
            throw BuildError(exitCode: BuildExitCode.nodeShellUnusable, message: "\(what) on the node through \(shell.name) failed: \(error.message)")
        }
    }

    /// Writes `text` to `path` through a temporary name in the same folder (made 0700 when missing), with `mode`.
    func write(_ text: String, to path: String, mode: Int) async throws(BuildError) {
        let script = #"umask 077; mkdir -p "$(dirname "$1")" && cat > "$1.lxc-build-new" && chmod "$2" "$1.lxc-build-new" && mv -f "$1.lxc-build-new" "$1""#
        let result = try await node(["sh", "-c", script, "sh", path, String(mode, radix: 8)], "writing \(path)", input: Data(text.utf8))
        guard result.succeeded else {
            throw BuildError(exitCode: BuildExitCode.general, message: "\(path) could not be written: \(Self.firstLine(result))")
        }
    }

    /// Removes what an unfinished install wrote; best effort.
    func undo(_ written: [String], reload: Bool, unit: String) async {
        if reload { _ = try? await node([systemctl, "disable", "--now", unit], "stopping the timer") }
        if !written.isEmpty { _ = try? await node(["rm", "-f"] + written, "removing what was written") }
        if reload { _ = try? await node([systemctl, "daemon-reload"], "reloading systemd") }
    }

    /// The job as its file holds it: sorted keys, so the same job is the same file.
    static func encode(_ job: ScheduledJob) throws(BuildError) -> Data {
        do { return try ReportEncoder.encoder().encode(job) + Data("\n".utf8) } catch {
            throw BuildError(exitCode: BuildExitCode.general, message: "the schedule \(job.name) could not be encoded: \(error)")
        }
    }

    /// The first line of a command's error output (else its output), control characters escaped, at most 300 characters.
    static func firstLine(_ result: CommandResult) -> String {
        let text = result.errorOutput.isEmpty ? result.output : result.errorOutput
        let line = text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? "exit \(result.exitCode)"
        let shown = BuildError.quoted(String(line.prefix(300)))
        return String(shown.dropFirst().dropLast())
    }

    /// `KEY=value` lines of `systemctl show`.
    static func properties(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }
}
