/// What `destroy CTID --json` prints once the container is removed.
public struct DestroyReport: Codable, Sendable, Equatable {
    /// Container ID.
    public var ctid: Int
    /// The node it was on.
    public var node: String
    /// Always `destroyed`.
    public var status: String
    /// The archive of the backup taken first (`local:backup/vzdump-lxc-...`), `null` when none was taken.
    @ExplicitNull public var backup: String?

    /// The report of container `ctid` removed from `node`, backed up first to `backup` when given.
    public init(ctid: Int, node: String, backup: String? = nil) {
        self.ctid = ctid
        self.node = node
        status = "destroyed"
        self.backup = backup
    }
}

extension DestroyReport {
    /// The report of a ``ContainerDestruction/execute(_:)`` of one container (``ContainerDestruction/plan(ctid:node:)``):
    /// the container and the archive of its backup.
    public init(result: DestroyResult) {
        let target: DestroyTarget? = if case .container(let target) = result.plan.scope { target } else { result.removed.first }
        self.init(ctid: target?.ctid ?? 0, node: target?.node ?? "", backup: target.flatMap { result.archives[$0.ctid] })
    }
}
