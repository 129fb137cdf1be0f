import ArgumentParser
import ContainerKit
import ProxmoxAPI

extension ApplyCommand {
    /// Checks `--converge`, `--prune` and their options before anything is read.
    func validateChanges() throws {
        if (noBackup || backupStorage != nil) && !prune { throw ValidationError("--no-backup and --backup-storage go with --prune: give --prune too") }
        if noBackup && backupStorage != nil { throw ValidationError("--no-backup takes no backup; --backup-storage names where it goes: use one") }
        if out != nil && prune {
            throw ValidationError("--out saves the creates and the changes in place of a plan; --prune is not kept in a saved plan: apply the stack file with it")
        }
    }

    /// What `--converge` and `--prune` add to the plan; the orphans' backup (unless `--no-backup`) writes its tasks'
    /// outcome to `log`.
    func changeOptions(client: ProxmoxClient, log: RunLog) throws(BuildError) -> StackPlanOptions {
        var options = StackPlanOptions(converge: converge, prune: prune)
        if prune && !noBackup {
            let backupOptions = BackupOptions(storage: backupStorage)
            try backupOptions.validate()
            let json = json
            options.pruneBackup = ContainerBackup(client: client, options: backupOptions, log: log, progress: { line in
                if !json { TerminalOutput.shared.line("… \(line)", to: .errors) }
            })
        }
        return options
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
