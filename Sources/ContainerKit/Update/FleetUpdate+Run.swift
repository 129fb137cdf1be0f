import Foundation
import ProxmoxAPI

extension FleetUpdate {
    /// Carries out `plan`: each planned container updated by ``ContainerUpdate/run(_:)``, at most
    /// ``Options/parallel`` at a time (else one per node at a time); after a failure without
    /// ``Options/continueOnError`` no more start. Cancelling the calling task rolls back the running updates (each by
    /// its own update's path) and starts no more. Never throws: every container's end is in the report.
    public func execute(_ plan: FleetPlan) async -> FleetUpdateReport {
        var rows: [Int: FleetUpdateReport.Container] = [:]
        for entry in plan.entries {
            guard let refusal = entry.refusal else { continue }
            rows[entry.ctid] = Self.row(entry, outcome: .refused, exitCode: refusal.exitCode, message: refusal.description)
        }
        var pending = plan.planned
        var stopReason: String?
        await withTaskGroup(of: FleetUpdateReport.Container.self) { group in
            var running: [String: Int] = [:]
            while true {
                while stopReason == nil, !Task.isCancelled,
                      let index = Self.nextStartable(nodes: pending.map { $0.plan?.node ?? "" }, running: running, parallel: plan.parallel) {
                    let entry = pending.remove(at: index)
                    guard let updatePlan = entry.plan else { continue }
                    running[updatePlan.node, default: 0] += 1
                    let update = containerUpdate(for: entry.target)
                    group.addTask { await Self.update(entry, plan: updatePlan, with: update) }
                }
                guard let row = await group.next() else { break }
                if let node = row.node { running[node, default: 1] -= 1 }
                rows[row.ctid] = row
                if row.outcome != .updated && !plan.continueOnError && stopReason == nil {
                    stopReason = "not started: the update of container \(row.ctid) failed (without --continue-on-error the first failure starts no more)"
                }
            }
        }
        let interrupted = Task.isCancelled
        for entry in pending {
            let why = interrupted ? "not started: the run was stopped" : (stopReason ?? "not started")
            rows[entry.ctid] = Self.row(entry, outcome: .notStarted, exitCode: interrupted ? .interrupted : .success, message: why)
        }
        return FleetUpdateReport(containers: plan.entries.compactMap { rows[$0.ctid] }, interrupted: interrupted)
    }

    /// The first of the waiting containers (on `nodes`, in order) that may start while `running` updates run per
    /// node: with `parallel`, while fewer than that run in all; without, while none runs on its node.
    static func nextStartable(nodes: [String], running: [String: Int], parallel: Int?) -> Int? {
        guard let parallel else { return nodes.firstIndex { running[$0, default: 0] == 0 } }
        return running.values.reduce(0, +) < max(parallel, 1) && !nodes.isEmpty ? 0 : nil
    }

    /// Updates one container and reports how it ended.
    private static func update(_ entry: FleetPlan.Entry, plan: UpdatePlan, with update: ContainerUpdate) async -> FleetUpdateReport.Container {
        let clock = ContinuousClock()
        let start = clock.now
        var row: FleetUpdateReport.Container
        do throws(BuildError) {
            let result = try await update.run(plan)
            row = Self.row(entry, outcome: .updated, exitCode: .success, message: nil)
            row.versionAfter = result.version
            row.warnings = result.warnings
            row.health = result.health.map(HealthReport.Container.init)
            row.rebootRequired = result.rebootRequired
            row.rebooted = result.rebooted
        } catch {
            row = Self.row(entry, outcome: plan.putBack(after: error) ? .rolledBack : .failed, exitCode: error.exitCode, message: error.description)
        }
        let elapsed = (clock.now - start).components
        row.durationSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds / 1_000_000_000_000_000) / 1000
        return row
    }

    /// The report row of `entry` before or without its update.
    private static func row(_ entry: FleetPlan.Entry, outcome: FleetUpdateReport.Outcome, exitCode: BuildExitCode, message: String?) -> FleetUpdateReport.Container {
        let plan = entry.plan
        let protection: String? = plan.map { $0.snapshotName != nil ? "snapshot" : ($0.backupStorage != nil ? "backup" : "none") }
        return FleetUpdateReport.Container(
            ctid: entry.ctid, node: plan?.node ?? entry.target.node, app: plan?.app, versionBefore: plan?.recordedVersion, versionAfter: nil,
            protection: protection, protectedBy: plan?.snapshotName ?? plan?.backupStorage, startedForUpdate: plan?.startsStopped ?? false,
            resources: plan?.resources, durationSeconds: 0, outcome: outcome, exitCode: exitCode, message: message, warnings: [])
    }
}

extension UpdatePlan {
    /// The app version the container's notes recorded before the update (`- Version:`), when they record one.
    public var recordedVersion: String? { BuiltContainerNotes(description: notes, tags: [])?.version }

    /// Whether a run of this plan that failed with `error` put the container back as it was: 82 (rolled back to the
    /// snapshot or restored from the backup taken first), or build.func's guard codes 113/114, which a run keeps after
    /// a rollback or a restore that worked, when the plan has one (``UpdateAction/isOnFailure``).
    public func putBack(after error: BuildError) -> Bool {
        error.exitCode == BuildExitCode.updateRolledBack || (error.exitCode.isUpdateGuard && actions.contains(where: \.isOnFailure))
    }
}
