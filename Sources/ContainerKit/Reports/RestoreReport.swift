/// What `restore --json` prints once the container is restored.
public struct RestoreReport: Codable, Sendable, Equatable {
    /// The id the container was restored as.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// The archive restored (`STORAGE:backup/vzdump-lxc-…`).
    public var archive: String
    /// The storage of the restored volumes.
    public var storage: String
    /// Always `restored`.
    public var status: String
    /// The container replaced (the same id), `null` under a new id.
    @ExplicitNull public var replaced: Int?
    /// The archive of the replaced container's state taken first, `null` without one.
    @ExplicitNull public var backup: String?
    /// Whether it was started.
    public var started: Bool
    /// What went wrong without failing the restore.
    public var warnings: [String]

    /// The report of a restore `result`, whose plan it carries.
    public init(result: RestoreResult) {
        ctid = result.plan.ctid
        node = result.plan.node
        archive = result.plan.archive.volid
        storage = result.plan.storage
        status = "restored"
        replaced = result.plan.replaced?.ctid
        backup = result.backupVolid
        started = result.started
        warnings = result.warnings
    }
}
