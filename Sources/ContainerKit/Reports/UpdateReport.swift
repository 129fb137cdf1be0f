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
    /// `app` or `os` (`update --os`).
    public var target: String = "app"
    /// After an OS update, whether the OS asks for a restart; `null` when it cannot tell, or for an app update.
    @ExplicitNull public var rebootRequired: Bool? = nil
    /// Whether the container was rebooted after its OS update (`--reboot`).
    public var rebooted = false

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
        target = result.plan.target.rawValue
        rebootRequired = result.rebootRequired
        rebooted = result.rebooted
    }
}
