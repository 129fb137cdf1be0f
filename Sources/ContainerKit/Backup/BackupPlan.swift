public import ProxmoxAPI

/// What a backup run will do, decided with read requests only: every archive that will be written and every one that
/// will be pruned, as typed ``actions`` that ``ContainerBackup/execute(_:)`` carries out in order (and nothing else).
public struct BackupPlan: Sendable, Equatable {
    /// One container's backup: a view of its ``BackupAction/backUp(target:request:neededBytes:archivePattern:)`` and
    /// the prunes that follow it.
    public struct Item: Sendable, Equatable {
        /// The container.
        public let target: BackupTarget
        /// Its used disk (or, while PVE reports none, its disk size): what the archive can take at most.
        public let neededBytes: Int64
        /// The archive's volume id as it will be named (`local:backup/vzdump-lxc-101-<time>.tar.zst`).
        public let archivePattern: String
        /// The older archives of the container on the storage `--keep-last` removes after the backup (never a protected one).
        public let pruned: [BackupArchive]
    }

    /// The storage the archives go to.
    public let storage: String
    /// The options the run uses.
    public let options: BackupOptions
    /// What the run does, in order: each container's backup, each followed by the prunes of its older archives. On
    /// each node they are done one after the other; the nodes at the same time.
    public let actions: [BackupAction]
    /// What was left out or is worth knowing (a stack's container whose claim is not proved).
    public let warnings: [String]

    /// A plan; see the properties. ``ContainerBackup/plan(_:stackKeyFolder:)`` makes one with read requests only; a
    /// plan made from part of its ``actions`` does only those.
    public init(storage: String, options: BackupOptions, actions: [BackupAction], warnings: [String] = []) {
        self.storage = storage
        self.options = options
        self.actions = actions
        self.warnings = warnings
    }

    /// Each container's backup, in the plan's order, with the archives pruned after it.
    public var items: [Item] {
        actions.compactMap { action -> Item? in
            guard case .backUp(let target, _, let neededBytes, let archivePattern) = action else { return nil }
            let pruned = actions.compactMap { other -> BackupArchive? in
                guard case .prune(let archive, let of, _) = other, of.ctid == target.ctid else { return nil }
                return archive
            }
            return Item(target: target, neededBytes: neededBytes, archivePattern: archivePattern, pruned: pruned)
        }
    }

    /// The plan's steps in words, one per action, as `lxc-build backup` prints them.
    public var steps: [String] { actions.map(\.words) }

    /// This plan with `warnings` before its own.
    func warning(_ warnings: [String]) -> BackupPlan {
        BackupPlan(storage: storage, options: options, actions: actions, warnings: warnings + self.warnings)
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
    public let plan: BackupPlan
    /// Each container's outcome, in the plan's order.
    public let outcomes: [BackupOutcome]
    /// The plan's actions that were done, in the plan's order: a backup that wrote its archive, an archive removed.
    /// A backup that failed is not here, nor the prunes after it (they are not tried).
    public let performed: [BackupAction]

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
