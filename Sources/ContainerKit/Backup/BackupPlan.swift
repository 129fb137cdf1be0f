public import ProxmoxAPI

/// What a backup run will do, decided with read requests only: every archive that will be written and every one that
/// will be pruned.
public struct BackupPlan: Sendable, Equatable {
    /// One container's backup.
    public struct Item: Sendable, Equatable {
        /// The container.
        public var target: BackupTarget
        /// Its used disk (or, while PVE reports none, its disk size): what the archive can take at most.
        public var neededBytes: Int64
        /// The archive's volume id as it will be named (`local:backup/vzdump-lxc-101-<time>.tar.zst`).
        public var archivePattern: String
        /// The older archives of the container on the storage `--keep-last` removes after the backup (never a protected one).
        public var pruned: [BackupArchive]
    }

    /// The storage the archives go to.
    public var storage: String
    /// The options the run uses.
    public var options: BackupOptions
    /// Each container's backup, by id.
    public var items: [Item]
    /// What was left out or is worth knowing (a stack's container whose claim is not proved).
    public var warnings: [String]

    /// The plan's steps in words, one a line, as `lxc-build backup` prints them.
    public var steps: [String] {
        items.flatMap { item -> [String] in
            let name = item.target.hostname.map { " (\($0))" } ?? ""
            var lines = ["back up container \(item.target.ctid)\(name) on \(item.target.node) to \(item.archivePattern)"
                + " (mode \(options.mode.rawValue), up to \(ContainerBuilder.formatBytes(item.neededBytes)))"
                + (options.isProtected ? ", protected" : "")]
            lines += item.pruned.map { "then remove its older archive \($0.volid) (--keep-last \(options.keepLast ?? 0))" }
            return lines
        }
    }
}

/// How one container's backup ended.
public struct BackupOutcome: Sendable, Equatable {
    /// The container.
    public var target: BackupTarget
    /// The storage.
    public var storage: String
    /// The archive written (`local:backup/vzdump-lxc-...`), `nil` when the backup failed.
    public var volid: String?
    /// Its size in bytes, when known.
    public var size: Int64?
    /// How long the backup task ran, seconds.
    public var seconds: Double
    /// The archives removed after it (`--keep-last`).
    public var pruned: [String]
    /// Why it failed, `nil` when it succeeded.
    public var error: BuildError?
    /// What went wrong without failing the backup (an archive that could not be pruned).
    public var warnings: [String]

    /// Whether the archive was written.
    public var succeeded: Bool { error == nil && volid != nil }
}

/// How a backup run ended: each container's outcome, by id.
public struct BackupResult: Sendable, Equatable {
    /// The plan carried out.
    public var plan: BackupPlan
    /// Each container's outcome, in the plan's order.
    public var outcomes: [BackupOutcome]

    /// The containers whose backup failed.
    public var failed: [BackupOutcome] { outcomes.filter { !$0.succeeded } }

    /// The error the run ends with: `nil` when every backup succeeded, else 87 naming the failed containers (130 when
    /// the run was interrupted).
    public func failure(logPath: String?) -> BuildError? {
        let failed = failed
        guard !failed.isEmpty else { return nil }
        let listed = failed.map { "\($0.target.ctid) (\($0.error?.message ?? "no archive found"))" }.joined(separator: "; ")
        let interrupted = failed.contains { $0.error?.exitCode == BuildExitCode.interrupted }
        return BuildError(exitCode: interrupted ? BuildExitCode.interrupted : BuildExitCode.backupFailed,
                          message: "backup failed for container(s) \(listed)",
                          hint: logPath.map { "The task logs are kept in \($0)." } ?? "The node's task list (Datacenter, Tasks) has the task logs.")
    }
}
