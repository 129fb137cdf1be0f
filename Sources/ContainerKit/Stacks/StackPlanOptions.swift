/// What a stack's plan does beyond creating the containers that do not exist: `apply --converge` and `apply --prune`.
public struct StackPlanOptions: Sendable {
    /// Change in place what of an existing container's drift can be (``StackExisting/changes``); without it drift is
    /// only reported.
    public var converge: Bool
    /// Remove the stack's orphans (``StackOrphan``), each after ``pruneBackup``'s backup; without it they are only
    /// reported.
    public var prune: Bool
    /// The backup taken of the orphans before they are removed; `nil` removes them without one (`--no-backup`).
    public var pruneBackup: ContainerBackup?

    /// Options; see the properties. The defaults only create and report.
    public init(converge: Bool = false, prune: Bool = false, pruneBackup: ContainerBackup? = nil) {
        self.converge = converge
        self.prune = prune
        self.pruneBackup = pruneBackup
    }
}

extension StackPlan {
    /// How many existing containers ``StackRunner/apply(_:)`` changes in place: those with ``StackExisting/changes`` when the plan
    /// converges, else none.
    public var changing: Int {
        guard converge else { return 0 }
        return entries.filter { entry in
            if case .existing(let existing) = entry.outcome { !existing.changes.isEmpty } else { false }
        }.count
    }

    /// Whether ``StackRunner/apply(_:)`` writes anything: a create, a change in place (`--converge`), an orphan removed (`--prune`).
    public var writes: Bool {
        !creates.isEmpty || changing > 0 || prune?.removals.isEmpty == false
    }
}
