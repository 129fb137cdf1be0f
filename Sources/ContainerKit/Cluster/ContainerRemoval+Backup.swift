/// Containers to remove, and the backup taken of them first: what `destroy --stack` and `apply --prune` plan before
/// they ask, with read requests only (``ContainerRemoval/planRemoval(_:backup:setting:)``).
public struct BackedUpRemoval: Sendable {
    /// The containers, in the order they are removed.
    public var targets: [BackupTarget]
    /// The backup run; `nil` removes without one.
    public var backup: ContainerBackup?
    /// Its plan; `nil` when there is no backup (none asked for, or no storage takes backups on the nodes).
    public var plan: BackupPlan?
    /// A backup was asked for but no storage takes backups on the containers' nodes: they are removed without one.
    public var noBackupStorage: Bool

    /// A removal; see the properties.
    public init(targets: [BackupTarget], backup: ContainerBackup?, plan: BackupPlan?, noBackupStorage: Bool) {
        self.targets = targets
        self.backup = backup
        self.plan = plan
        self.noBackupStorage = noBackupStorage
    }

    /// One line for the question before the removal: where the backup goes, or that there is none.
    public var summary: String {
        if let plan { return "back up to storage \(plan.storage) first" }
        return noBackupStorage ? "no storage takes backups: removed without one" : "without a backup"
    }
}

/// How a ``BackedUpRemoval`` ended.
public struct RemovalResult: Sendable {
    /// The backup's outcome, `nil` without a backup.
    public var backup: BackupResult?
    /// The archive of each container backed up, by id.
    public var archives: [Int: String]
    /// The ids removed, in order.
    public var removed: [Int]
    /// The containers not removed because their backup failed, with why (87, or 130 when interrupted).
    public var notBackedUp: [(ctid: Int, error: BuildError)]
    /// The containers whose removal failed, with why.
    public var failures: [(ctid: Int, error: BuildError)]
}

extension ContainerRemoval {
    /// Plans the backup of `targets` before anything is asked or removed: none when `backup` is `nil` (`--no-backup`)
    /// or there is nothing to remove; when no storage takes backups on their nodes and the options name none, the
    /// removal goes on without one (``BackedUpRemoval/noBackupStorage``), as `destroy` does.
    /// - Parameters:
    ///   - targets: The containers to remove.
    ///   - backup: The backup run, `nil` for none.
    ///   - setting: The option that names the storage, for messages.
    /// - Throws: ``BuildError`` as ``ContainerBackup/plan(_:setting:)``: 64 for a named storage that does not take
    ///   backups or several and none named, 214 for a storage without room. Nothing is removed then.
    public static func planRemoval(_ targets: [BackupTarget], backup: ContainerBackup?, setting: String = "--backup-storage")
        async throws(BuildError) -> BackedUpRemoval
    {
        guard let backup, !targets.isEmpty else { return BackedUpRemoval(targets: targets, backup: nil, plan: nil, noBackupStorage: false) }
        let plan = try await backup.plan(targets, setting: setting)
        return BackedUpRemoval(targets: targets, backup: plan == nil ? nil : backup, plan: plan, noBackupStorage: plan == nil)
    }

    /// Carries out `removal`: the backup first, then each container whose backup wrote an archive (all of them without
    /// a backup) removed by `remove`; a container whose backup failed is kept. A failure ends that container only.
    /// - Parameters:
    ///   - removal: What ``planRemoval(_:backup:setting:)`` planned.
    ///   - logPath: Where the failed tasks' logs are kept, for the message.
    ///   - remove: Removes one container (``StackRunner/destroy(_:stack:key:)``, ``stopAndDestroy(ctid:node:client:timeout:force:)``).
    public static func remove(_ removal: BackedUpRemoval, logPath: String? = nil,
                              remove: (BackupTarget) async throws(BuildError) -> Void) async -> RemovalResult
    {
        var result = RemovalResult(backup: nil, archives: [:], removed: [], notBackedUp: [], failures: [])
        if let backup = removal.backup, let plan = removal.plan {
            let ran = await backup.execute(plan)
            result.backup = ran
            for outcome in ran.outcomes {
                if let volid = outcome.volid, outcome.succeeded {
                    result.archives[outcome.target.ctid] = volid
                } else {
                    let why = outcome.error?.message ?? "no archive found"
                    result.notBackedUp.append((outcome.target.ctid, BuildError(
                        exitCode: outcome.error?.exitCode == BuildExitCode.interrupted ? BuildExitCode.interrupted : BuildExitCode.backupFailed,
                        message: "backup of container \(outcome.target.ctid) failed (\(why)); not removed",
                        hint: logPath.map { "The task logs are kept in \($0)." })))
                }
            }
        }
        for target in removal.targets where removal.plan == nil || result.archives[target.ctid] != nil {
            do throws(BuildError) {
                try await remove(target)
                result.removed.append(target.ctid)
            } catch {
                result.failures.append((target.ctid, error))
            }
        }
        return result
    }
}
