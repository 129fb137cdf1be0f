import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// How `backup` (and the backup `destroy` takes first) prints its plan and its result.
enum BackupRendering {
    /// A backup run with a new run log (kept only when a backup fails), its progress on standard error unless `json`;
    /// with `ask` (no `--yes`) and a terminal, several backup storages and none named are a question, not a refusal.
    /// - Throws: ``BuildError`` for a log folder lxc-build will not write into.
    static func backup(client: ProxmoxClient, options: BackupOptions, json: Bool, ask: Bool) throws(BuildError) -> (ContainerBackup, RunLog) {
        let log = try ContainerBackup.runLog(escaping: { TerminalText.escaped($0) })
        var chooser: (@Sendable ([String]) async -> String?)?
        if ask && isatty(STDIN_FILENO) == 1 {
            chooser = { @Sendable candidates in
                await TerminalChooser().choose("Several storages take backups; which one?", options: candidates, defaultIndex: 0).map { candidates[$0] }
            }
        }
        let backup = ContainerBackup(client: client, options: options, log: log, chooseStorage: chooser) { line in
            if !json { TerminalOutput.shared.line("… \(line)", to: .errors) }
        }
        return (backup, log)
    }

    /// The plan's steps, numbered, and its warnings: on standard output, or standard error with `--json`.
    static func printPlan(_ plan: BackupPlan, json: Bool) {
        let stream: TerminalOutput.Stream = json ? .errors : .output
        TerminalOutput.shared.line("Backup of \(plan.items.count) container(s) to storage \(plan.storage):", to: stream)
        for (index, step) in plan.steps.enumerated() { TerminalOutput.shared.line("  \(index + 1). \(step)", to: stream) }
        for warning in plan.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
    }

    /// The result's table (or ``BackupReport``), the log kept and named when a backup failed (discarded otherwise);
    /// ends with 87 when one did.
    static func finish(_ result: BackupResult, log: RunLog, json: Bool) throws {
        let failure = result.settle(log)
        if json {
            ResultRendering.emitJSON(BackupReport(result: result, settled: log))
        } else {
            TerminalOutput.shared.line(table(result))
            for outcome in result.outcomes {
                for warning in outcome.warnings { TerminalOutput.shared.line("warning: \(outcome.target.ctid): \(warning)", to: .errors) }
            }
        }
        if let failure {
            if !json { ResultRendering.report(failure, json: false) }
            throw ExitCode(failure.exitCode)
        }
    }

    /// One row per container: container, node, storage, volume id, size, duration, result.
    static func table(_ result: BackupResult) -> String {
        Table(["CTID", "NODE", "STORAGE", "VOLUME", "SIZE", "DURATION", "RESULT"], result.outcomes.map { outcome in
            [String(outcome.target.ctid), outcome.target.node, outcome.storage, outcome.volid ?? "-",
             outcome.size.map { ContainerBuilder.formatBytes($0) } ?? "-", String(format: "%.1f s", outcome.seconds),
             outcome.succeeded ? "ok" + (outcome.pruned.isEmpty ? "" : " (\(outcome.pruned.count) older removed)") : "failed"]
        }).rendered
    }
}
