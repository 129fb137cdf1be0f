import ContainerKit

extension StackRendering {
    /// The orphans of `plan` as text: each with what `--prune` does with it, or how to remove it.
    static func orphanLines(_ plan: StackPlan) -> [String] {
        guard !plan.orphans.isEmpty else { return [] }
        var lines = ["", "== orphans: containers with this stack's proved marker that \(plan.file) no longer lists =="]
        for orphan in plan.orphans {
            let fate = if plan.prune == nil {
                "left; to remove it: \(orphan.removal(stackFile: plan.file))"
            } else if orphan.isProtected {
                "refused: \(orphan.removal(stackFile: plan.file))"
            } else {
                "removed" + (plan.prune?.removal.plan.map { " after its backup to storage \($0.storage)" } ?? " without a backup")
            }
            lines.append("\(describe(orphan)): \(fate)")
        }
        if let steps = plan.prune?.removal.plan?.steps { lines += steps.map { "  \($0)" } }
        return lines
    }

    /// The orphans of `result` as text: removed (with the archive), refused or failed (with why), or left.
    static func orphanLines(_ result: StackResult) -> [String] {
        var lines = result.prune?.removed.map { "\(describe($0.orphan)): removed" + ($0.archive.map { "; its backup is \($0)" } ?? "") } ?? []
        for orphan in result.orphans {
            if let failure = result.prune?.failures.first(where: { $0.orphan.ctid == orphan.ctid }) {
                lines.append("\(describe(orphan)): not removed: \(failure.error.description)")
            } else {
                lines.append("\(describe(orphan)): left; to remove it: \(orphan.removal(stackFile: result.file))")
            }
        }
        return lines
    }

    private static func describe(_ orphan: StackOrphan) -> String {
        "orphan \(orphan.name): container \(orphan.ctid)\(orphan.hostname.map { " (\($0))" } ?? "") on \(orphan.node)"
    }
}
