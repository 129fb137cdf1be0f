import ProxmoxAPI

extension ContainerRestore {
    /// Carries out `plan`: the replaced container's backup and stop, the restore, the notes' `- Restored from:`
    /// line, the start.
    /// - Throws: ``BuildError`` ``ExitCodes/restoreFailed`` (88) when a step fails: before the restore, with the
    ///   container as it was; after, with what the restore created removed and the backup taken first named.
    public func execute(_ plan: RestorePlan) async throws(BuildError) -> RestoreResult {
        var backupVolid: String?
        let container = client.node(plan.node).container(plan.ctid)
        if let replaced = plan.replaced {
            if let storage = plan.backupStorage {
                progress("backing up container \(replaced.ctid) to \(storage)")
                backupVolid = try await backUp(replaced.ctid, node: plan.node, storage: storage)
            }
            // Read again: it may have stopped since the plan (a failed update that shut it down), and PVE's stop of
            // a stopped container fails.
            if replaced.wasRunning, await isRunning(container) {
                progress("stopping container \(replaced.ctid)")
                do throws(ProxmoxError) {
                    _ = try await client.waitForTask(try await container.stop(), timeout: options.taskTimeout)
                } catch {
                    throw BuildError(exitCode: ExitCodes.restoreFailed,
                                     message: "stopping container \(replaced.ctid) failed (\(error.message)); nothing was restored"
                                         + (backupVolid.map { "; its backup taken first is \($0)" } ?? ""),
                                     apiError: error)
                }
            }
        }
        progress("restoring \(plan.archive.volid) as container \(plan.ctid) on \(plan.node)")
        let request = ContainerCreateRequest.restore(
            vmid: plan.ctid, archive: plan.archive.volid, storage: plan.storage, force: plan.replaced != nil, unique: plan.unique)
        do throws(ProxmoxError) {
            _ = try await client.waitForTask(try await client.node(plan.node).createContainer(request), timeout: options.taskTimeout)
        } catch {
            throw await failed(plan, error, backupVolid: backupVolid)
        }
        var result = RestoreResult(plan: plan, backupVolid: backupVolid, started: false, warnings: [])
        if let warning = await markRestored(plan) { result.warnings.append(warning) }
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

    /// Whether the container runs now; `true` when its status cannot be read (the stop then says why).
    private func isRunning(_ container: ContainerHandle) async -> Bool {
        do throws(ProxmoxError) { return try await container.status().isRunning } catch { return true }
    }

    /// The vzdump of the container to replace; 88 with the container untouched when it fails or writes no archive.
    private func backUp(_ ctid: Int, node: String, storage: String) async throws(BuildError) -> String {
        let what = "backing up container \(ctid) to storage \(storage) before restoring over it"
        let volid: String?
        do throws(ProxmoxError) {
            volid = try await BackupArchive.take(vmid: ctid, node: node, storage: storage, client: client, timeout: options.taskTimeout)
        } catch {
            throw BuildError(exitCode: ExitCodes.restoreFailed, message: "\(what) failed (\(error.message)); container \(ctid) was not changed",
                             hint: "Give another storage with --backup-storage, or --no-backup to replace it without a backup.", apiError: error)
        }
        guard let volid else {
            throw BuildError(exitCode: ExitCodes.restoreFailed,
                             message: "\(what): the backup task ended but no new archive of \(ctid) is listed on \(storage); container \(ctid) was not changed",
                             hint: "Look at the task log (Datacenter → Tasks), or give --no-backup to replace it without a backup.")
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
        return BuildError(exitCode: ExitCodes.restoreFailed, message: what + left, hint: hint, apiError: error)
    }
}
