import ArgumentParser
import ContainerKit
import ProxmoxAPI

extension ApplyCommand {
    /// Checks `--converge`, `--prune` and their options before anything is read.
    func validateChanges() throws {
        if (noBackup || backupStorage != nil) && !prune { throw ValidationError("--no-backup and --backup-storage go with --prune: give --prune too") }
        if noBackup && backupStorage != nil { throw ValidationError("--no-backup takes no backup; --backup-storage names where it goes: use one") }
    }

    /// What `--converge` and `--prune` add to the plan; the orphans' backup (unless `--no-backup`) writes its tasks'
    /// outcome to `log`.
    func changeOptions(client: ProxmoxClient, log: RunLog) throws(BuildError) -> StackPlanOptions {
        var options = StackPlanOptions(converge: converge, prune: prune)
        if prune && !noBackup {
            try BackupOptions(storage: backupStorage).validate()
            options.pruneBackup = pruneBackup(storage: backupStorage, client: client, log: log)
        }
        return options
    }

    /// The backup run of a saved plan's orphans, to the storage it names; `nil` when it removes them without one.
    func savedPruneBackup(_ saved: SavedStackPlan, client: ProxmoxClient, log: RunLog) -> ContainerBackup? {
        guard let storage = saved.prune?.backupStorage else { return nil }
        return pruneBackup(storage: storage, client: client, log: log)
    }

    /// The backup run of the orphans `--prune` removes: to `storage` (`nil`: the only one that takes backups on their
    /// nodes), its tasks' outcome in `log`, its progress on standard error unless `--json`.
    private func pruneBackup(storage: String?, client: ProxmoxClient, log: RunLog) -> ContainerBackup {
        let json = json
        return ContainerBackup(client: client, options: BackupOptions(storage: storage), log: log, progress: { line in
            if !json { TerminalOutput.shared.line("… \(line)", to: .errors) }
        })
    }

    /// The question asked once with the plan: what it creates, changes and removes.
    static func question(_ plan: StackPlan) -> String {
        var parts: [String] = []
        if !plan.creates.isEmpty { parts.append("create \(plan.creates.count) container(s)") }
        if plan.converge, case let changed = plan.changing, changed > 0 { parts.append("change \(changed) in place") }
        if let prune = plan.prune, !prune.removals.isEmpty {
            parts.append("remove \(prune.removals.count) orphan(s) (\(prune.removal.summary))")
        }
        let text = parts.joined(separator: ", ")
        return text.prefix(1).uppercased() + text.dropFirst() + " of stack \(plan.stack)?"
    }
}
