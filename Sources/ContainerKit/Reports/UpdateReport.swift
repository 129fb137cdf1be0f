/// What `update --json` prints once the app is updated.
public struct UpdateReport: Codable, Sendable, Equatable {
    /// Container ID.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// The app (its `ct/APP.sh`).
    public var app: String
    /// Always `updated`.
    public var status: String
    /// The snapshot taken first, `null` when none was.
    @ExplicitNull public var snapshot: String?
    /// Whether the snapshot was kept (`--keep-snapshot`).
    public var snapshotKept: Bool
    /// The storage of the backup taken first, `null` when none was.
    @ExplicitNull public var backupStorage: String?
    /// The app's version after the update, when known.
    @ExplicitNull public var version: String?
    /// What went wrong without failing the update.
    public var warnings: [String]
    /// The health check after the update (healthy, or the update would have failed), `null` with `--no-health-check`.
    @ExplicitNull public var health: HealthReport.Container?

    /// The report of an update `result`, whose plan it carries.
    public init(result: UpdateResult) {
        ctid = result.plan.ctid
        node = result.plan.node
        app = result.plan.app
        status = "updated"
        snapshot = result.plan.snapshotName
        snapshotKept = result.snapshotKept
        backupStorage = result.plan.backupStorage
        version = result.version
        warnings = result.warnings
        health = result.health.map(HealthReport.Container.init)
    }
}
