import ProxmoxAPI

extension ContainerBackup {
    /// Carries out `plan`: on each node one backup at a time, the nodes at the same time; each task is waited for,
    /// its archive found, then the archives the plan prunes are removed (a protected one never). A failure ends that
    /// container's backup only; the others go on.
    /// - Returns: Each container's outcome, in the plan's order; ``BackupResult/failure(logPath:)`` is the run's error.
    public func execute(_ plan: BackupPlan) async -> BackupResult {
        let byNode = Dictionary(grouping: plan.items, by: \.target.node)
        let outcomes = await withTaskGroup(of: [BackupOutcome].self) { group in
            for (_, items) in byNode {
                group.addTask {
                    var done: [BackupOutcome] = []
                    for item in items { done.append(await self.backUp(item, storage: plan.storage)) }
                    return done
                }
            }
            var all: [BackupOutcome] = []
            for await done in group { all += done }
            return all
        }
        let order = plan.items.map(\.target.ctid)
        return BackupResult(plan: plan, outcomes: outcomes.sorted { order.firstIndex(of: $0.target.ctid) ?? 0 < order.firstIndex(of: $1.target.ctid) ?? 0 })
    }

    /// Backs one container up as `item` plans it. Never throws: a failure is the outcome's ``BackupOutcome/error``.
    func backUp(_ item: BackupPlan.Item, storage: String) async -> BackupOutcome {
        let target = item.target
        let node = client.node(target.node)
        var outcome = BackupOutcome(target: target, storage: storage, volid: nil, size: nil, seconds: 0, pruned: [], error: nil, warnings: [])
        guard !Task.isCancelled else {
            outcome.error = BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted before the backup of container \(target.ctid) started")
            return outcome
        }
        progress("backing up container \(target.ctid) on \(target.node) to \(storage)")
        log?.write(.info, "backing up container \(target.ctid) on \(target.node) to storage \(storage) (mode \(options.mode.rawValue))")
        let clock = ContinuousClock()
        let started = clock.now
        var upid: UPID?
        do throws(ProxmoxError) {
            let before = Set(try await node.backupArchives(on: storage, vmid: target.ctid).map(\.volid))
            upid = try await node.vzdump(options.request(ctid: target.ctid, storage: storage))
            if let upid {
                progress("waiting for vzdump task \(upid.rawValue)")
                _ = try await client.waitForTask(upid, timeout: options.taskTimeout)
            }
            outcome.seconds = Self.seconds(started.duration(to: clock.now))
            let written = Self.newestFirst(try await node.backupArchives(on: storage, vmid: target.ctid).filter { !before.contains($0.volid) })
            guard let archive = written.first else {
                throw ProxmoxError(.taskFailed, message: "the backup task ended without a new archive of container \(target.ctid) on \(storage)")
            }
            outcome.volid = archive.volid
            outcome.size = archive.size
        } catch {
            outcome.seconds = Self.seconds(started.duration(to: clock.now))
            if error.code == .cancelled, let upid {
                // A stopped run asks PVE to stop the vzdump (which removes its partial archive), in a task of its own.
                let client = client
                await Task.detached { try? await client.stopTask(upid) }.value
            }
            await keepTaskLog(upid, error: error, ctid: target.ctid)
            let step = "backing up container \(target.ctid) to storage \(storage)"
            outcome.error = BuildError(exitCode: BuildError.api(error, during: step, exitCode: BuildExitCode.backupFailed).exitCode,
                                       message: "\(step) failed: \(error.message)")
            return outcome
        }
        log?.write(.ok, "container \(target.ctid) backed up to \(outcome.volid ?? "?")")
        progress("container \(target.ctid) backed up to \(outcome.volid ?? "?")")
        for archive in item.pruned {
            do throws(ProxmoxError) {
                try await prune(archive, on: node, ctid: target.ctid)
                outcome.pruned.append(archive.volid)
            } catch {
                outcome.warnings.append("older archive \(archive.volid) was not removed: \(error.message)")
                log?.write(.warning, "older archive \(archive.volid) was not removed: \(error.message)")
            }
        }
        return outcome
    }

    /// Removes `archive` when it is still there and still unprotected (it may have been protected since the plan).
    private func prune(_ archive: BackupArchive, on node: NodeHandle, ctid: Int) async throws(ProxmoxError) {
        guard let now = try await node.backupArchives(on: archive.storage, vmid: ctid).first(where: { $0.volid == archive.volid }) else { return }
        guard !now.isProtected else {
            throw ProxmoxError(.unsupported, message: "it is protected now; left alone")
        }
        progress("removing older archive \(archive.volid)")
        _ = try await client.waitForTask(try await node.deleteVolume(archive.volid), timeout: options.taskTimeout)
        log?.write(.ok, "older archive \(archive.volid) removed (--keep-last \(options.keepLast ?? 0))")
    }

    /// Writes a failed backup's whole task log (or the error, when there is no task) to the run log.
    private func keepTaskLog(_ upid: UPID?, error: ProxmoxError, ctid: Int) async {
        guard let log else { return }
        log.write(.error, "backup of container \(ctid) failed: \(error.message)")
        var lines = error.taskLog
        if let upid, let whole = try? await client.taskLog(upid) { lines = whole }
        if let upid { log.write(.error, "task \(upid.rawValue):") }
        for line in lines { log.write(.error, "  \(line)") }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
