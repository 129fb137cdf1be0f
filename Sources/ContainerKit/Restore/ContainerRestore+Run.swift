import ProxmoxAPI

extension ContainerRestore {
    /// Carries out `plan`: the replaced container's backup and stop, the restore, the notes' `- Restored from:`
    /// line, the start.
    /// Each PVE task begun (backup, stop, restore) is waited for to its end also when the run is stopped (Ctrl-C,
    /// SIGTERM: the calling task cancelled); the run then ends before its next step, saying where it stopped.
    /// - Throws: ``BuildError`` ``BuildExitCode/restoreFailed`` (88) when a step fails: before the restore, with the
    ///   container as it was; after, with what the restore created removed and the backup taken first named.
    ///   ``BuildExitCode/interrupted`` (130) when stopped between steps. 1 when another lxc-build run on this machine
    ///   holds the container's lock (``Options/operationLock``): nothing was done.
    public func execute(_ plan: RestorePlan) async throws(BuildError) -> RestoreResult {
        guard let lock = options.operationLock else { return try await executeHoldingLock(plan) }
        return try await lock.withLock(ctid: plan.ctid, server: client.transport.server, operation: "restore") { () throws(BuildError) in
            try await executeHoldingLock(plan)
        }
    }

    /// ``execute(_:)`` once the lock is held.
    private func executeHoldingLock(_ plan: RestorePlan) async throws(BuildError) -> RestoreResult {
        var backupVolid: String?
        let container = client.node(plan.node).container(plan.ctid)
        let (client, timeout) = (client, options.taskTimeout)
        if let replaced = plan.replaced {
            if let storage = plan.backupStorage {
                progress("backing up container \(replaced.ctid) to \(storage)")
                backupVolid = try await backUp(replaced.ctid, node: plan.node, storage: storage, planned: plan.backup)
                try stopIfCancelled("before the restore: container \(replaced.ctid) is unchanged; its backup is \(backupVolid ?? "")")
            }
            // Read again: it may have stopped since the plan (a failed update that shut it down), and PVE's stop of
            // a stopped container fails.
            if replaced.wasRunning, await isRunning(container) {
                progress("stopping container \(replaced.ctid)")
                do throws(ProxmoxError) {
                    try await toItsEnd { () throws(ProxmoxError) in _ = try await client.waitForTask(try await container.stop(), timeout: timeout) }
                } catch {
                    throw BuildError(exitCode: BuildExitCode.restoreFailed,
                                     message: "stopping container \(replaced.ctid) failed (\(error.message)); nothing was restored"
                                         + (backupVolid.map { "; its backup taken first is \($0)" } ?? ""),
                                     apiError: error)
                }
            }
        }
        let left = plan.replaced.map { replaced in
            "container \(replaced.ctid) is not restored" + (replaced.wasRunning ? " and was stopped (pct start \(replaced.ctid))" : "")
                + (backupVolid.map { "; its backup is \($0)" } ?? "")
        }
        try stopIfCancelled("before the restore: " + (left ?? "nothing was restored"))
        progress("restoring \(plan.archive.volid) as container \(plan.ctid) on \(plan.node)")
        let request = ContainerCreateRequest.restore(
            vmid: plan.ctid, archive: plan.archive.volid, storage: plan.storage, force: plan.replaced != nil, unique: plan.unique)
        let node = client.node(plan.node)
        do throws(ProxmoxError) {
            try await toItsEnd { () throws(ProxmoxError) in _ = try await client.waitForTask(try await node.createContainer(request), timeout: timeout) }
        } catch {
            throw await failed(plan, error, backupVolid: backupVolid)
        }
        var result = RestoreResult(plan: plan, backupVolid: backupVolid, started: false, warnings: [])
        if let warning = await markRestored(plan) { result.warnings.append(warning) }
        try stopIfCancelled("after the restore: container \(plan.ctid) was restored from \(plan.archive.volid), and not started")
        if plan.start {
            progress("starting container \(plan.ctid)")
            do throws(ProxmoxError) {
                _ = try await client.waitForTask(try await container.start(), timeout: options.taskTimeout)
                result.started = true
            } catch {
                result.warnings.append("container \(plan.ctid) was restored but did not start (\(error.message)); start it with `pct start \(plan.ctid)`")
            }
        }
        return result
    }

    /// Runs `work` (a PVE task and its wait) in a task of its own, which a stopped run does not cancel: a task PVE
    /// has begun is carried through, and the run stops between steps (``stopIfCancelled(_:)``).
    private func toItsEnd<T: Sendable>(_ work: @escaping @Sendable () async throws(ProxmoxError) -> T) async throws(ProxmoxError) -> T {
        let outcome = await Task.detached { () -> Result<T, ProxmoxError> in
            do throws(ProxmoxError) { return .success(try await work()) } catch { return .failure(error) }
        }.value
        return try outcome.get()
    }

    /// 130 saying where the run stopped, when it was stopped (its task cancelled).
    private func stopIfCancelled(_ where: String) throws(BuildError) {
        guard Task.isCancelled else { return }
        throw BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted \(`where`)")
    }

    /// Whether the container runs now; `true` when its status cannot be read (the stop then says why).
    private func isRunning(_ container: ContainerHandle) async -> Bool {
        do throws(ProxmoxError) { return try await container.status().isRunning } catch { return true }
    }

    /// The backup run of the container to replace, to `storage`: the same path as `lxc-build backup`.
    func firstBackup(to storage: String) -> ContainerBackup {
        ContainerBackup(client: client, options: .first(of: "restore", storage: storage, taskTimeout: options.taskTimeout), progress: progress)
    }

    /// The vzdump of the container to replace, as `planned` (planned now when the plan has none), carried through
    /// also when the run is stopped; 88 with the container untouched when it fails or writes no archive.
    private func backUp(_ ctid: Int, node: String, storage: String, planned: BackupPlan?) async throws(BuildError) -> String {
        func failed(_ why: String, _ apiError: ProxmoxError?) -> BuildError {
            BuildError(exitCode: BuildExitCode.restoreFailed,
                       message: "backing up container \(ctid) to storage \(storage) before restoring over it failed (\(why)); container \(ctid) was not changed",
                       hint: "Give another storage with --backup-storage, or --no-backup to replace it without a backup.", apiError: apiError)
        }
        let backup = firstBackup(to: storage)
        let plan: BackupPlan
        if let planned {
            plan = planned
        } else {
            do throws(BuildError) {
                plan = try await backup.plan(container: BackupTarget(ctid: ctid, node: node), setting: "--backup-storage")
            } catch {
                throw failed(error.message, error.apiError)
            }
        }
        let outcome = await Task.detached { await backup.execute(plan) }.value.outcomes.first
        guard let outcome, let volid = outcome.volid, outcome.succeeded else {
            throw failed(outcome?.error.map { $0.apiError?.message ?? $0.message } ?? "no backup was run", outcome?.error?.apiError)
        }
        return volid
    }

    /// Writes the restored container's notes: its own (or, when the archive brought none, the replaced
    /// container's) with a `- Restored from:` line. Returns a warning when that fails.
    private func markRestored(_ plan: RestorePlan) async -> String? {
        let container = client.node(plan.node).container(plan.ctid)
        do throws(ProxmoxError) {
            let restored = try await container.config().options.description ?? ""
            let notes = restored.isEmpty ? plan.replaced?.notes ?? "" : restored
            var update = ContainerConfigUpdate()
            update.options.description = BuiltContainerNotes.setting(
                "- Restored from: \(plan.archive.volid)", prefix: "- Restored from:", in: notes)
            try await container.updateConfig(update)
            return nil
        } catch {
            return "container \(plan.ctid) was restored, but its notes could not be written (\(error.message))"
        }
    }

    /// The error of a failed restore, after removing what it created: the container under a new id, or a
    /// replaced id still locked by the restore.
    private func failed(_ plan: RestorePlan, _ error: ProxmoxError, backupVolid: String?) async -> BuildError {
        let what = "restoring \(plan.archive.volid) as container \(plan.ctid) failed (\(error.message))"
        var left: String
        let container = client.node(plan.node).container(plan.ctid)
        let config: ContainerConfig?
        do throws(ProxmoxError) { config = try await container.config() } catch { config = nil }
        if let config, plan.replaced == nil || config.lock == "create" {
            progress("removing what the restore created")
            do throws(ProxmoxError) {
                try await ContainerRemoval.stopAndDestroy(ctid: plan.ctid, node: plan.node, client: client, timeout: options.taskTimeout, force: true)
                left = "; what it created was removed"
            } catch {
                left = "; what it created could not be removed (\(error.message)): `pct unlock \(plan.ctid) && pct destroy \(plan.ctid)`"
            }
        } else {
            left = config == nil ? "; nothing of container \(plan.ctid) is left" : "; container \(plan.ctid) is as PVE left it"
        }
        var hint = "See the task log (Datacenter → Tasks) for why."
        if let replaced = plan.replaced {
            if let backupVolid {
                left += "; its state before is in \(backupVolid)"
                hint = "Bring it back: lxc-build restore \(backupVolid) --replace \(replaced.ctid) --no-backup "
                    + "(or on the node: pct restore \(replaced.ctid) \(backupVolid) --force). " + hint
            } else {
                left += "; no backup of it was taken first (--no-backup)"
            }
        }
        return BuildError(exitCode: BuildExitCode.restoreFailed, message: what + left, hint: hint, apiError: error)
    }
}
