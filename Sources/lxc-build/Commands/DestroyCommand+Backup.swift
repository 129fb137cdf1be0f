import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

extension DestroyCommand {
    /// The backup `destroy` takes before it removes containers: its plan and the run log that keeps a failed task's log.
    struct PlannedBackup {
        let backup: ContainerBackup
        let plan: BackupPlan
        let log: RunLog

        /// Where each container's archive will go, for the question.
        var summary: String { removal.summary }
        /// The backup, then the removal of the containers backed up (``ContainerRemoval/remove(_:logPath:remove:)``).
        var removal: BackedUpRemoval { BackedUpRemoval(targets: plan.items.map(\.target), backup: backup, plan: plan, noBackupStorage: false) }
    }

    /// Plans the backup of `targets` before anything is asked or removed: `nil` with `--no-backup`, or when no storage
    /// takes backups on their nodes and `--backup-storage` names none (said on standard error: removed without one).
    /// - Throws: ``BuildError`` (64) for a named storage that does not take backups or several and none named, 214 for
    ///   a storage without room: nothing is removed then.
    func planBackup(_ targets: [BackupTarget], client: ProxmoxClient) async throws -> PlannedBackup? {
        guard !noBackup, !targets.isEmpty else { return nil }
        let (backup, log) = try BackupRendering.backup(client: client, options: BackupOptions(storage: backupStorage), json: json, ask: !yes)
        do {
            guard let plan = try await backup.plan(targets, setting: "--backup-storage") else {
                log.discard()
                let nodes = Set(targets.map(\.node)).sorted().joined(separator: ", ")
                TerminalOutput.shared.line("warning: no storage takes backups (content backup) on \(nodes): removing without a backup", to: .errors)
                return nil
            }
            return PlannedBackup(backup: backup, plan: plan, log: log)
        } catch {
            log.discard()
            throw error
        }
    }

    /// Runs the planned backup; the run log is kept (and named) when a backup failed, removed otherwise.
    /// - Returns: The archive of each container backed up, by id, and the error of those that were not (87).
    func runBackup(_ planned: PlannedBackup) async -> (archives: [Int: String], failure: BuildError?) {
        finishBackup(planned, result: await planned.backup.execute(planned.plan))
    }

    /// The archives of a backup run that ended with `result`, each said; the run log kept (and named) when a backup
    /// failed, removed otherwise.
    /// - Returns: The archive of each container backed up, by id, and the error of those that were not (87).
    func finishBackup(_ planned: PlannedBackup, result: BackupResult) -> (archives: [Int: String], failure: BuildError?) {
        var archives: [Int: String] = [:]
        for outcome in result.outcomes {
            guard let volid = outcome.volid, outcome.succeeded else { continue }
            archives[outcome.target.ctid] = volid
            if !json { TerminalOutput.shared.line("Container \(outcome.target.ctid) backed up to \(volid).") }
        }
        guard let failure = result.failure(logPath: planned.log.path) else {
            planned.log.discard()
            return (archives, nil)
        }
        planned.log.write(.error, "exit \(failure.exitCode) (\(failure.explanation)): \(failure.message)")
        planned.log.keep()
        let kept = result.failed.map { String($0.target.ctid) }.joined(separator: ", ")
        return (archives, BuildError(exitCode: failure.exitCode, message: failure.message + "; container(s) \(kept) not removed", hint: failure.hint))
    }
}
