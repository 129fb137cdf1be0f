import ProxmoxAPI

extension ContainerBackup {
    /// Carries out `plan`'s actions, exactly those and in their order: on each node one action at a time, the nodes
    /// at the same time. A backup's task is waited for and its archive found; a prune removes its archive (a
    /// protected one never) only after the backup of its container earlier in the plan wrote a new archive. A failure
    /// ends that container's actions only; the others go on.
    /// - Returns: Each container's outcome, in the plan's order, and the actions done
    ///   (``BackupResult/performed``); ``BackupResult/failure(logPath:)`` is the run's error.
    public func execute(_ plan: BackupPlan) async -> BackupResult {
        let byNode = Dictionary(grouping: Array(plan.actions.enumerated())) { $0.element.target.node }
        let done = await withTaskGroup(of: [(index: Int, outcome: BackupOutcome?)].self) { group in
            for (_, actions) in byNode {
                group.addTask { await self.run(actions) }
            }
            var all: [(index: Int, outcome: BackupOutcome?)] = []
            for await some in group { all += some }
            return all.sorted { $0.index < $1.index }
        }
        return BackupResult(plan: plan, outcomes: done.compactMap(\.outcome),
                            performed: done.filter { $0.outcome?.succeeded ?? true }.map { plan.actions[$0.index] })
    }

    /// One node's actions, one after the other: each backup's outcome by the index of its action (the prunes after it
    /// in it), and each prune done by its index with no outcome of its own.
    private func run(_ actions: [(offset: Int, element: BackupAction)]) async -> [(index: Int, outcome: BackupOutcome?)] {
        var done: [(index: Int, outcome: BackupOutcome?)] = []
        var backedUp: [Int: Int] = [:]
        for (index, action) in actions {
            switch action {
            case .backUp(let target, let request, _, _):
                backedUp[target.ctid] = done.count
                done.append((index, await backUp(target, request: request)))
            case .prune(let archive, let target, let keepLast):
                guard let at = backedUp[target.ctid], var outcome = done[at].outcome, outcome.succeeded else { continue }
                do throws(ProxmoxError) {
                    try await prune(archive, on: client.node(target.node), ctid: target.ctid, keepLast: keepLast)
                    outcome.pruned.append(archive.volid)
                    done.append((index, nil))
                } catch {
                    outcome.warnings.append("older archive \(archive.volid) was not removed: \(error.message)")
                    log?.write(.warning, "older archive \(archive.volid) was not removed: \(error.message)")
                }
                done[at].outcome = outcome
            }
        }
        return done
    }

    /// Backs one container up with `request`. Never throws: a failure is the outcome's ``BackupOutcome/error``.
    func backUp(_ target: BackupTarget, request: VzdumpRequest) async -> BackupOutcome {
        let storage = request.storage
        let node = client.node(target.node)
        var outcome = BackupOutcome(target: target, storage: storage, volid: nil, size: nil, seconds: 0, pruned: [], error: nil, warnings: [])
        guard !Task.isCancelled else {
            outcome.error = BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted before the backup of container \(target.ctid) started")
            return outcome
        }
        progress("backing up container \(target.ctid) on \(target.node) to \(storage)")
        log?.write(.info, "backing up container \(target.ctid) on \(target.node) to storage \(storage) (mode \(request.mode.rawValue))")
        let clock = ContinuousClock()
        let started = clock.now
        var upid: UPID?
        do throws(ProxmoxError) {
            let before = Set(try await node.backupArchives(on: storage, vmid: target.ctid).map(\.volid))
            upid = try await node.vzdump(request)
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
                                       message: "\(step) failed: \(error.message)", apiError: error)
            return outcome
        }
        log?.write(.ok, "container \(target.ctid) backed up to \(outcome.volid ?? "?")")
        progress("container \(target.ctid) backed up to \(outcome.volid ?? "?")")
        return outcome
    }

    /// Removes `archive` when it is still there and still unprotected (it may have been protected since the plan).
    private func prune(_ archive: BackupArchive, on node: NodeHandle, ctid: Int, keepLast: Int) async throws(ProxmoxError) {
        guard let now = try await node.backupArchives(on: archive.storage, vmid: ctid).first(where: { $0.volid == archive.volid }) else { return }
        guard !now.isProtected else {
            throw ProxmoxError(.unsupported, message: "it is protected now; left alone")
        }
        progress("removing older archive \(archive.volid)")
        _ = try await client.waitForTask(try await node.deleteVolume(archive.volid), timeout: options.taskTimeout)
        log?.write(.ok, "older archive \(archive.volid) removed (--keep-last \(keepLast))")
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
