import ProxmoxAPI

extension ContainerUpdate {
    /// The backup a ``Protection/backup(storage:)`` takes before the update, waited for: the archive it wrote, which
    /// a failed update is restored from. `nil` without a backup storage.
    /// - Throws: ``BuildError`` when the backup fails, or ends without an archive listed (no way back: the update
    ///   does not run).
    func backUpFirst(_ plan: UpdatePlan, log: ProvisioningLog) async throws(BuildError) -> String? {
        guard let storage = plan.backupStorage else { return nil }
        let what = "backing up container \(plan.ctid) to storage \(storage)"
        progress("backing up container \(plan.ctid) to \(storage)")
        let archive: String?
        do throws(ProxmoxError) {
            archive = try await RestorableArchive.take(vmid: plan.ctid, node: plan.node, storage: storage, client: client, timeout: options.taskTimeout)
        } catch {
            log.note("\(what): \(error.message)")
            throw BuildError.api(error, during: what)
        }
        guard let archive else {
            log.note("\(what): no new archive listed")
            throw BuildError(exitCode: BuildExitCode.general,
                             message: "\(what): the backup task ended but no new archive of \(plan.ctid) is listed on \(storage); the update did not run",
                             hint: "Look at the task log (Datacenter → Tasks); give another storage with --backup, or --no-snapshot to update unprotected.")
        }
        log.note("\(what): \(archive)")
        return archive
    }

    /// A failed update undone from its backup, as community-scripts' update-apps does: `archive` restored over the
    /// container (`restore=1`, `force=1`, the same id, its root disk's storage, its notes kept) and the container
    /// started again, carried through also after Ctrl-C or SIGTERM. 82 when that worked (113/114 keep build.func's
    /// guard codes), 83 naming the archive when it did not.
    func restoreBackup(
        _ archive: String, _ plan: UpdatePlan, what: String, exitCode: BuildExitCode, log: ProvisioningLog, hint: () -> String
    ) async -> BuildError {
        progress("restoring container \(plan.ctid) from \(archive)")
        let storage = plan.backupStorage ?? ""
        let restorePlan = RestorePlan(
            archive: RestorableArchive(volid: archive, storage: storage, node: plan.node, vmid: plan.ctid), ctid: plan.ctid, node: plan.node,
            nodeReason: "the container's node", storage: plan.rootStorage ?? storage, storageReason: "the container's root disk storage",
            replaced: ReplacedContainer(ctid: plan.ctid, wasRunning: true, reason: "the update's own backup", notes: plan.notes),
            backupStorage: nil, unique: false, start: true, steps: [], warnings: [])
        var restoreOptions = ContainerRestore.Options()
        restoreOptions.taskTimeout = options.taskTimeout
        let restore = ContainerRestore(client: client, options: restoreOptions, progress: progress)
        let outcome = await Task.detached { () -> Result<RestoreResult, BuildError> in
            do throws(BuildError) { return .success(try await restore.execute(restorePlan)) } catch { return .failure(error) }
        }.value
        switch outcome {
        case .failure(let error):
            log.note("restore from \(archive): \(error.message)")
            return BuildError(
                exitCode: BuildExitCode.updateRollbackFailed,
                message: what + "; the restore from its backup \(archive) failed too (\(error.message)): the archive is kept",
                hint: "Restore by hand: pct restore \(plan.ctid) \(archive) --force && pct start \(plan.ctid)\n  " + hint())
        case .success(let result):
            log.note("restored from \(archive)" + (result.started ? " and started again" : ""))
            let started = result.started ? " and started again" : "; it did not start again (\(result.warnings.joined(separator: "; ")))"
            let code = exitCode.isUpdateGuard ? exitCode : .updateRolledBack
            return BuildError(exitCode: code, message: what + "; the container was restored from its backup \(archive)\(started) (the archive is kept)",
                              hint: hint())
        }
    }
}
