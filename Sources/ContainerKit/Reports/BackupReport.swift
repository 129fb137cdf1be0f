/// What `backup --json` prints at the end: one entry per container (container, node, storage, volume id, size,
/// duration, result).
public struct BackupReport: Codable, Sendable, Equatable {
    /// One container's backup.
    public struct Entry: Codable, Sendable, Equatable {
        /// Container ID.
        public var ctid: Int
        /// Its node.
        public var node: String
        /// The storage the archive went to.
        public var storage: String
        /// The archive's volume id, `null` when the backup failed.
        @ExplicitNull public var volid: String?
        /// The archive's size in bytes, `null` when unknown.
        @ExplicitNull public var size: Int64?
        /// How long the backup ran, seconds.
        public var seconds: Double
        /// `ok` or `failed`.
        public var result: String
        /// Why it failed, `null` when it succeeded.
        @ExplicitNull public var error: String?
        /// The older archives removed after it (`--keep-last`).
        public var pruned: [String]
        /// What went wrong without failing the backup.
        public var warnings: [String]
    }

    /// The storage.
    public var storage: String
    /// vzdump's mode.
    public var mode: String
    /// Each container's backup, in the plan's order.
    public var containers: [Entry]
    /// The run log that keeps the failed tasks' logs, `null` when every backup succeeded.
    @ExplicitNull public var log: String?
    /// What was left out (a stack's container whose claim is not proved).
    public var warnings: [String]

    /// The report of `result` once its run log is settled (``BackupResult/settle(_:)``): the log's path only when it
    /// is kept, a backup having failed.
    public init(result: BackupResult, settled log: RunLog) {
        self.init(result: result, log: result.failed.isEmpty ? nil : log.path)
    }

    /// The report of `result`; `log` is the kept run log's path.
    public init(result: BackupResult, log: String? = nil) {
        storage = result.plan.storage
        mode = result.plan.options.mode.rawValue
        containers = result.outcomes.map { outcome in
            Entry(ctid: outcome.target.ctid, node: outcome.target.node, storage: outcome.storage, volid: outcome.volid, size: outcome.size,
                  seconds: (outcome.seconds * 1000).rounded() / 1000, result: outcome.succeeded ? "ok" : "failed",
                  error: outcome.error?.message, pruned: outcome.pruned, warnings: outcome.warnings)
        }
        self.log = log
        warnings = result.plan.warnings
    }
}
