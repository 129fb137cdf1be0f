/// What ``StackRunner/plan(_:options:)`` decided for each container of a stack; nothing is written until
/// ``StackRunner/apply(_:)``.
public struct StackPlan: Sendable {
    /// The stack's id.
    public var stack: String
    /// The file it came from.
    public var file: String
    /// One entry per container, in the file's order.
    public var entries: [Entry]
    /// The builders that made the plans; the same ones carry them out.
    let builders: [String: ContainerBuilder]
    /// The containers that carry the stack's proved marker for a name the file no longer lists, in id order.
    public var orphans: [StackOrphan] = []
    /// Whether ``StackRunner/apply(_:)`` sends each existing container's ``StackExisting/changes`` (`--converge`).
    public var converge = false
    /// What ``StackRunner/apply(_:)`` does with the orphans (`--prune`); `nil` leaves them, reported.
    public var prune: StackPrunePlan?

    /// Whether the plan changes anything, or finds anything differing from the file: a container to create, drift,
    /// an orphan (`apply --plan --detailed-exitcode` ends with 2 then).
    public var hasChanges: Bool {
        !orphans.isEmpty || entries.contains { entry in
            switch entry.outcome {
            case .create: true
            case .existing(let existing): !existing.drift.isEmpty
            case .failed: false
            }
        }
    }

    /// One container's plan.
    public struct Entry: Sendable {
        /// Its name in the stack.
        public var name: String
        /// What happens to it.
        public var outcome: Outcome
        /// The members it is created and started after (each running first), from `depends_on:`.
        public var dependsOn: [String] = []
        /// What the stack's planning found worth a second look about it, beside its own plan's warnings: a host name
        /// another container of the cluster (not the stack's) has.
        public var warnings: [String] = []
    }

    /// What happens to one container.
    public enum Outcome: Sendable {
        /// It is created by this plan (``CreatePlan/actions``, as `lxc-build plan` shows them).
        case create(CreatePlan)
        /// It exists with the stack's marker: left alone, its drift reported.
        case existing(StackExisting)
        /// Planning it failed; the others go on.
        case failed(BuildError)
    }

    /// The plans of the containers to create.
    public var creates: [CreatePlan] {
        entries.compactMap { if case .create(let plan) = $0.outcome { plan } else { nil } }
    }
}

/// What ``StackRunner/apply(_:)`` did, one entry per container, and the exit code that sums it up.
public struct StackResult: Sendable {
    /// The stack's id.
    public var stack: String
    /// The file it came from.
    public var file: String
    /// One entry per container, in the file's order.
    public var entries: [Entry]
    /// The run was stopped (Ctrl-C, a signal): what it had created was removed.
    public var interrupted = false
    /// The orphans still there after the run (all of them without `--prune`), in id order.
    public var orphans: [StackOrphan] = []
    /// What `--prune` did; `nil` without it.
    public var prune: StackPruneResult?

    /// Whether the cluster still differs from the file after the run: drift not changed (no `--converge`, or only a
    /// rebuild resolves it), or an orphan left (`apply --detailed-exitcode` ends with 2 then).
    public var hasDifferences: Bool {
        !orphans.isEmpty || entries.contains { entry in
            guard case .existing(let existing) = entry.outcome else { return false }
            return existing.converged ? !existing.rebuild.isEmpty : !existing.drift.isEmpty
        }
    }

    /// One container's outcome.
    public struct Entry: Sendable {
        /// Its name in the stack.
        public var name: String
        /// What happened.
        public var outcome: Outcome
    }

    /// What happened to one container.
    public enum Outcome: Sendable {
        /// Created and running.
        case created(BuildResult)
        /// It existed already with the stack's marker: left alone (its drift, if any, reported).
        case existing(StackExisting)
        /// It failed, and what this run had created of it was removed (as a single create does).
        case failed(BuildError)
    }

    /// The failures, by container name.
    public var failures: [(name: String, error: BuildError)] {
        entries.compactMap { if case .failed(let error) = $0.outcome { ($0.name, error) } else { nil } }
    }

    /// 0 when every container exists or was created; 130 when the run was stopped; when some failed, ``BuildExitCode/stackPartial``
    /// (84) if any other exists or was created, else the first failure's own code.
    /// With every container there, the first orphan `--prune` did not remove ends the run with its code (77 protected,
    /// 87 its backup failed).
    public var exitCode: BuildExitCode {
        if interrupted { return .interrupted }
        guard let first = failures.first else { return prune?.failures.first?.error.exitCode ?? 0 }
        return failures.count < entries.count ? BuildExitCode.stackPartial : first.error.exitCode
    }
}
