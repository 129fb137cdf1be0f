/// One orphan of a stack as `apply --json` and `apply --plan --json` print it (``StackOrphan``): a container that
/// carries the stack's proved marker for a name the file no longer lists.
public struct StackOrphanReport: Codable, Sendable, Equatable {
    /// Its name in the stack when it was made.
    public var name: String
    /// Its id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Its host name, when known.
    public var hostname: String?
    /// Whether protection is set (`--prune` refuses it).
    public var `protected`: Bool
    /// `left` (reported only), `remove` (the plan's `--prune` removes it), `refused` (protected), `removed`, or
    /// `failed` (its backup or removal failed: it is still there).
    public var action: String
    /// How to remove it (`lxc-build apply FILE --prune`, `lxc-build destroy ID`, lifting protection first).
    public var removal: String
    /// The archive of its backup (`removed`, when one was taken).
    public var backup: String?
    /// Why it was not removed (`refused`, `failed`).
    public var error: ErrorReport?

    /// The report of `orphan`, with what happens (or happened) to it.
    public init(_ orphan: StackOrphan, action: String, stackFile: String, backup: String? = nil, error: BuildError? = nil) {
        name = orphan.name
        ctid = orphan.ctid
        node = orphan.node
        hostname = orphan.hostname
        self.protected = orphan.isProtected
        self.action = action
        removal = orphan.removal(stackFile: stackFile)
        self.backup = backup
        self.error = error.map(ErrorReport.init)
    }

    /// The orphans of `plan`: each `remove` or `refused` with `--prune`, else `left`; `nil` when there is none.
    static func list(_ plan: StackPlan) -> [StackOrphanReport]? {
        guard !plan.orphans.isEmpty else { return nil }
        return plan.orphans.map { orphan in
            let action = plan.prune == nil ? "left" : orphan.isProtected ? "refused" : "remove"
            return StackOrphanReport(orphan, action: action, stackFile: plan.file)
        }
    }

    /// The orphans of `result`: those removed, those `--prune` refused or failed, and those left; `nil` when there was none.
    static func list(_ result: StackResult) -> [StackOrphanReport]? {
        var reports = result.prune?.removed.map { StackOrphanReport($0.orphan, action: "removed", stackFile: result.file, backup: $0.archive) } ?? []
        for orphan in result.orphans {
            if let failure = result.prune?.failures.first(where: { $0.orphan.ctid == orphan.ctid }) {
                reports.append(StackOrphanReport(orphan, action: orphan.isProtected ? "refused" : "failed", stackFile: result.file, error: failure.error))
            } else {
                reports.append(StackOrphanReport(orphan, action: "left", stackFile: result.file))
            }
        }
        return reports.isEmpty ? nil : reports.sorted { $0.ctid < $1.ctid }
    }
}
