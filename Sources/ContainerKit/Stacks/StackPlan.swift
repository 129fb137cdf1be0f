/// What ``StackRunner/plan(_:)`` decided for each container of a stack; nothing is written until
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

    /// One container's plan.
    public struct Entry: Sendable {
        /// Its name in the stack.
        public var name: String
        /// What happens to it.
        public var outcome: Outcome
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
    public var exitCode: BuildExitCode {
        if interrupted { return .interrupted }
        guard let first = failures.first else { return 0 }
        return failures.count < entries.count ? ExitCodes.stackPartial : first.error.exitCode
    }
}
