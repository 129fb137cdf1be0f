import ProxmoxAPI

extension ContainerUpdate {
    /// The backup a ``Protection/backup(storage:)`` takes before the update, waited for: the archive it wrote, which
    /// a failed update is restored from. `nil` without a backup storage.
    /// - Throws: ``BuildError`` when the backup fails, or ends without an archive listed (no way back: the update
    ///   does not run).
    func backUpFirst(_ plan: UpdatePlan, log: ProvisioningLog) async throws(BuildError) -> String? {
        guard let storage = plan.backupStorage else { return nil }
        let what = "backing up container \(plan.ctid) to storage \(storage)"
        let backup = ContainerBackup(client: client, options: .first(of: "update", storage: storage, taskTimeout: options.taskTimeout), progress: progress)
        let outcome: BackupOutcome
        do throws(BuildError) {
            outcome = try await backup.backUp(BackupTarget(ctid: plan.ctid, node: plan.node), setting: "--backup")
        } catch {
            log.note("\(what): \(error.message)")
            throw error
        }
        guard let archive = outcome.volid, outcome.succeeded else {
            let why = outcome.error?.apiError?.message ?? outcome.error?.message ?? "no new archive listed"
            log.note("\(what): \(why)")
            throw outcome.error?.apiError.map { BuildError.api($0, during: what) }
                ?? outcome.error ?? BuildError(exitCode: BuildExitCode.general, message: "\(what) failed: \(why); the update did not run")
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
        restoreOptions.operationLock = nil  // the update holds the container's lock
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
