import ArgumentParser
import ContainerKit
import ProxmoxAPI

extension ApplyCommand {
    /// Checks `--converge`, `--prune` and their options before anything is read
    /// (``StackPlanOptions/checkPrune(prune:noBackup:backupStorage:)``).
    func validateChanges() throws {
        try OptionChecks.check { () throws(BuildError) in try StackPlanOptions.checkPrune(prune: prune, noBackup: noBackup, backupStorage: backupStorage) }
    }

    /// What `--converge` and `--prune` add to the plan; the orphans' backup (unless `--no-backup`) writes its tasks'
    /// outcome to `log`.
    func changeOptions(client: ProxmoxClient, log: RunLog) throws(BuildError) -> StackPlanOptions {
        try StackPlanOptions(converge: converge, prune: prune, noBackup: noBackup, backupStorage: backupStorage, client: client, log: log,
                             progress: backupProgress)
    }

    /// The orphans' backup progress: on standard error unless `--json`.
    var backupProgress: @Sendable (String) -> Void {
        let json = json
        return { line in if !json { TerminalOutput.shared.line("… \(line)", to: .errors) } }
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
