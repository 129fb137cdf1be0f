/// A container a destroy removes or leaves alone.
public struct DestroyTarget: Sendable, Equatable {
    /// Its id.
    public let ctid: Int
    /// Its node.
    public let node: String
    /// Its host name, when known.
    public let hostname: String?
    /// Its name in the stack, for a `destroy --stack`; `nil` for one container.
    public let name: String?

    /// A target; see the properties.
    public init(ctid: Int, node: String, hostname: String?, name: String? = nil) {
        self.ctid = ctid
        self.node = node
        self.hostname = hostname
        self.name = name
    }

    /// The target of its backup.
    var backupTarget: BackupTarget { BackupTarget(ctid: ctid, node: node, hostname: hostname) }
}

/// One step of a ``DestroyPlan``: what ``ContainerDestruction/execute(_:)`` does, as listed.
public enum DestroyAction: Sendable, Equatable, CustomStringConvertible {
    /// Back the container up to the storage (vzdump) before it is removed; a failed backup keeps it (87).
    case backUp(DestroyTarget, storage: String)
    /// Stop the container when it runs, then destroy it with its disks (after its backup, when one is planned).
    case stopAndDestroy(DestroyTarget)
    /// Leave the container alone: it claims the stack without a proof this machine's key verifies (the run ends with 64).
    case leaveAlone(DestroyTarget, proof: StackMarker.Proof)
    /// Leave a stack's container alone, neither backed up nor removed: its proof holds but protection is set (the run
    /// ends with 77 once the others are removed).
    case leaveProtected(DestroyTarget)

    /// The action in words, one line.
    public var description: String {
        switch self {
        case .backUp(let target, let storage):
            "back up container \(target.ctid)\(target.hostname.map { " (\($0))" } ?? "") on \(target.node) to storage \(storage)"
        case .stopAndDestroy(let target):
            "stop and destroy container \(target.ctid)\((target.name ?? target.hostname).map { " (\($0))" } ?? "") on \(target.node)"
        case .leaveAlone(let target, let proof):
            "\(target.name ?? String(target.ctid)): container \(target.ctid) on \(target.node) left alone: \(proof.explanation)"
        case .leaveProtected(let target):
            "\(target.name ?? String(target.ctid)): container \(target.ctid) on \(target.node) left alone: protection is set "
                + "(pct set \(target.ctid) --protection 0 lifts it)"
        }
    }
}

/// What a destroy will do, decided with read requests only (``ContainerDestruction/plan(ctid:node:)``,
/// ``ContainerDestruction/plan(stack:keyFolder:)``): the backups, the removals in order and the containers left alone.
/// ``ContainerDestruction/execute(_:)`` carries out ``actions`` as listed; the question's words come from them.
public struct DestroyPlan: Sendable {
    /// What is destroyed: one container, or a stack's.
    public enum Scope: Sendable, Equatable {
        /// `destroy CTID`.
        case container(DestroyTarget)
        /// `destroy --stack FILE`: the stack's id.
        case stack(String)
    }

    /// What is destroyed.
    public let scope: Scope
    /// The steps, in order: the backups first, then the removals (a stack's dependants first), then the containers left alone.
    public let actions: [DestroyAction]
    /// The backup the ``DestroyAction/backUp(_:storage:)`` actions are; `nil` without one.
    public let backup: BackupPlan?
    /// A backup was asked for but no storage takes backups on the containers' nodes: they are removed without one.
    public let noBackupStorage: Bool
    /// For a stack: the names of its file's containers no container with a proved marker stands for.
    public let notFound: [String]
    /// What is worth knowing before the run (no storage takes backups: removed without one).
    public let warnings: [String]

    /// For a stack: its key (`nil` when this machine has none), where it is, and the containers found (proved or not).
    let stackKey: StackKey?
    let stackKeyPath: String?
    let marked: [StackMarkedContainer]

    /// The containers removed, in order.
    public var removals: [DestroyTarget] {
        actions.compactMap { if case .stopAndDestroy(let target) = $0 { target } else { nil } }
    }

    /// The containers left alone, with how their claim stands.
    public var leftAlone: [(target: DestroyTarget, proof: StackMarker.Proof)] {
        actions.compactMap { if case .leaveAlone(let target, let proof) = $0 { (target, proof) } else { nil } }
    }

    /// A stack's containers whose proof holds but whose protection is set: left alone, refused (77).
    public var protected: [DestroyTarget] {
        actions.compactMap { if case .leaveProtected(let target) = $0 { target } else { nil } }
    }

    /// The actions in words, one a line.
    public var steps: [String] { actions.map(\.description) }

    /// Whether there is anything to remove (and so anything to ask).
    public var removesAny: Bool { !removals.isEmpty }

    /// Where the backup goes, or that there is none, for the question.
    var backupSummary: String? { backup.map { "back up to storage \($0.storage) first" } }

    /// The question asked before the run (`destroy` without `--yes`), from the planned actions.
    public var question: String {
        switch scope {
        case .container(let target):
            let first = backupSummary.map { "\($0), then " } ?? ""
            return "Remove container \(target.ctid) (\(target.hostname ?? "?")) on \(target.node) (\(first)stop and destroy)?"
        case .stack(let stack):
            let listed = removals.map { "\($0.ctid) (\($0.name ?? "?")) on \($0.node)" }.joined(separator: ", ")
            return "Remove the containers of stack \(stack)\(backupSummary.map { " (\($0))" } ?? ""): \(listed)?"
        }
    }

    /// What a declined question leaves, for its message.
    public var declined: String {
        switch scope {
        case .container(let target): "container \(target.ctid) was not removed"
        case .stack(let stack): "no container of stack \(stack) was removed"
        }
    }
}
