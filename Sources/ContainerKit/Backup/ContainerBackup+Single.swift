import ProxmoxAPI

extension ContainerBackup {
    /// The plan of container `target`'s backup, with read requests only, by the same rules as `lxc-build backup`:
    /// the storage (``BackupOptions/storage``, else the only one that takes backups on the node), its room for the
    /// container's used disk, the archive named as every backup's.
    /// - Parameters:
    ///   - target: The container.
    ///   - setting: The option that names the storage, for messages (`--backup-storage`, `--backup`).
    /// - Throws: ``BuildError``: 64 a storage that does not take backups on the node, several and none named, or none
    ///   at all; 214 a storage without room; the API's errors.
    public func plan(container target: BackupTarget, setting: String) async throws(BuildError) -> BackupPlan {
        guard let plan = try await plan([target], setting: setting) else { throw Self.noStorage(on: [target]) }
        return plan
    }

    /// Plans and runs container `target`'s backup: what `restore` over a container and `update --backup` take first,
    /// through the same vzdump path as `lxc-build backup` (``plan(container:setting:)``, then ``execute(_:)``).
    /// - Parameters:
    ///   - target: The container.
    ///   - setting: The option that names the storage, for messages.
    /// - Returns: The backup's outcome: its archive, or why it failed (``BackupOutcome/error``, with the API's error).
    /// - Throws: ``BuildError`` of the plan (as ``plan(container:setting:)``), before any write.
    public func backUp(_ target: BackupTarget, setting: String) async throws(BuildError) -> BackupOutcome {
        let plan = try await plan(container: target, setting: setting)
        let result = await execute(plan)
        return result.outcomes.first ?? BackupOutcome(
            target: target, storage: plan.storage, volid: nil, size: nil, seconds: 0, pruned: [],
            error: BuildError(exitCode: BuildExitCode.backupFailed, message: "the backup of container \(target.ctid) was not run"), warnings: [])
    }

    /// 64: no storage takes backups on the nodes of `targets`; nothing was backed up.
    static func noStorage(on targets: [BackupTarget]) -> BuildError {
        let nodes = Set(targets.map(\.node)).sorted().joined(separator: ", ")
        return BuildError(exitCode: BuildExitCode.usage, message: "no storage takes backups (content backup) on \(nodes); nothing was backed up",
                          hint: "Add `backup` to a storage's content (Datacenter, Storage), then give it with --storage.")
    }
}
