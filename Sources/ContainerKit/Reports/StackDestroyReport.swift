/// What `destroy --stack FILE --json` prints: the stack's containers removed, the names no container was found
/// for, the containers left alone (claiming the stack without a proof this machine verifies, or with protection set),
/// and on failure a `failed` status with the first error.
public struct StackDestroyReport: Codable, Sendable, Equatable {
    /// A container removed.
    public struct Destroyed: Codable, Sendable, Equatable {
        /// Its name in the stack.
        public var name: String
        /// Its container ID.
        public var ctid: Int
        /// The node it was on.
        public var node: String
        /// Always `destroyed`.
        public var status: String
        /// The archive of the backup taken first, `null` when none was taken.
        @ExplicitNull public var backup: String?

        /// The entry of `container`, removed after its backup to `backup` when given.
        public init(_ container: StackMarkedContainer, backup: String? = nil) {
            (name, ctid, node, status) = (container.name, container.ctid, container.node, "destroyed")
            self.backup = backup
        }
    }

    /// A container left alone: its claim on the stack is not proved, or its protection is set.
    public struct LeftAlone: Codable, Sendable, Equatable {
        /// The name in the stack its marker claims.
        public var name: String
        /// Its container ID.
        public var ctid: Int
        /// Its node.
        public var node: String
        /// How its claim stands (``StackMarker/Proof``).
        public var proof: String
        /// Why it was left alone: `unproved` (its claim is not proved, 64) or `protected` (protection is set, 77).
        public var reason: String

        /// The entry of `container`; `protected` when its proof holds and it was left alone for its protection.
        public init(_ container: StackMarkedContainer, protected: Bool = false) {
            (name, ctid, node, proof) = (container.name, container.ctid, container.node, container.proof.rawValue)
            reason = protected ? "protected" : "unproved"
        }
    }

    /// The stack's id.
    public var stack: String
    /// The containers removed.
    public var destroyed: [Destroyed]
    /// The names of the stack file's containers that no container with a proved marker stands for.
    public var notFound: [String]
    /// The containers left alone: those with protection set, then those that claim the stack without a proof of its key.
    public var leftAlone: [LeftAlone]
    /// `failed` when a removal failed or a claim was not proved; left out otherwise.
    public var status: String?
    /// The first error, when there is one.
    public var error: ErrorReport?

    /// The report of a `destroy --stack` of `stack`; `protected` and `leftAlone` the containers left alone for their
    /// protection and for a claim not proved; `failure` is its first error, if any; `backups` the archive of each
    /// container backed up first, by id.
    public init(stack: String, destroyed: [StackMarkedContainer], notFound: [String], protected: [StackMarkedContainer] = [],
                leftAlone: [StackMarkedContainer], failure: BuildError?, backups: [Int: String] = [:]) {
        self.stack = stack
        self.destroyed = destroyed.map { Destroyed($0, backup: backups[$0.ctid]) }
        self.notFound = notFound
        self.leftAlone = protected.map { LeftAlone($0, protected: true) } + leftAlone.map { LeftAlone($0) }
        status = failure == nil ? nil : "failed"
        error = failure.map(ErrorReport.init)
    }
}

extension StackDestroyReport {
    /// The report of a ``ContainerDestruction/execute(_:)`` of a stack (``ContainerDestruction/plan(stack:keyFolder:)``):
    /// the containers removed with their archives, the names not found, the containers left alone, the first error.
    public init(result: DestroyResult) {
        let plan = result.plan
        let stack = if case .stack(let name) = plan.scope { name } else { "" }
        let removed = Set(result.removed.map(\.ctid))
        let protected = Set(plan.protected.map(\.ctid))
        // The plan's containers are in removal order (dependants first), the proved ones before those left alone.
        self.init(stack: stack, destroyed: plan.marked.filter { $0.proof == .verified && removed.contains($0.ctid) }, notFound: plan.notFound,
                  protected: plan.marked.filter { $0.proof == .verified && protected.contains($0.ctid) },
                  leftAlone: plan.marked.filter { $0.proof != .verified }, failure: result.error, backups: result.archives)
    }
}
