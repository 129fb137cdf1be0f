import Foundation
import ProxmoxAPI

extension ContainerUpdate {
    /// Carries out `plan`: the backup or snapshot, the update inside the container, then the snapshot's removal;
    /// when the update fails, the rollback to the snapshot (or the restore of the backup) with the container started
    /// again.
    /// - Throws: ``BuildError``: 82 failed and rolled back or restored (113/114 keep build.func's guard codes), 83
    ///   failed and the rollback or restore failed too (the snapshot or archive is kept and named); without either,
    ///   the update's own exit code. A failed update's message names its combined log. 1 when another lxc-build run
    ///   on this machine holds the container's lock (``Options/operationLock``): nothing was done.
    public func execute(_ plan: UpdatePlan) async throws(BuildError) -> UpdateResult {
        try await holdingLock(of: plan) { () throws(BuildError) in try await executeHoldingLock(plan) }
    }

    /// Runs `body` holding the container's lock (``Options/operationLock``; without one, as it is).
    func holdingLock<T: Sendable>(of plan: UpdatePlan, _ body: () async throws(BuildError) -> T) async throws(BuildError) -> T {
        guard let lock = options.operationLock else { return try await body() }
        return try await lock.withLock(ctid: plan.ctid, server: client.transport.server, operation: "update", body)
    }

    /// ``execute(_:)`` once the lock is held.
    func executeHoldingLock(_ plan: UpdatePlan) async throws(BuildError) -> UpdateResult {
        guard let shell else { throw BuildError(exitCode: .usage, message: "update needs a node shell and --node-shell is none") }
        let log = ProvisioningLog(redactor: options.redactor)
        let session = String(UUID().uuidString.lowercased().prefix(8))
        var performed: [UpdateAction] = []
        var archive: String?
        for action in plan.actions(.backUp) {
            archive = try await backUpFirst(plan, log: log)
            did(action, in: &performed)
        }
        for action in plan.actions(.snapshot) {
            guard case .snapshot(_, let snapshot, _) = action else { continue }
            progress("taking snapshot \(snapshot)")
            try await takeSnapshot(snapshot, of: plan, log: log)
            did(action, in: &performed)
        }
        let baseline = plan.actions(.checkHealth).isEmpty ? nil : await recordHealth(plan, shell: shell)
        guard let update = plan.actions(.update).first else {
            return try await succeeded(plan, baseline: baseline, output: "", shell: shell, log: log, session: session, archive: archive, performed: performed)
        }
        progress(plan.target == .os ? "updating the OS packages inside container \(plan.ctid)" : "running \(plan.app)'s update inside container \(plan.ctid)")
        log.note(plan.target == .os ? "updating the OS packages inside container \(plan.ctid) through \(shell.name)"
            : "running ct/\(plan.app).sh's update inside container \(plan.ctid) through \(shell.name)")
        var environment = [
            "PHS_SILENT": "1", "HOME": "/root", "TERM": "xterm-256color", "LANG": "C.UTF-8",
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        if options.ignoreOSMismatch { environment["var_ignore_os_mismatch"] = "yes" }
        let result: CommandResult
        do throws(NodeShellError) {
            // build.func goes on stdin, which the script's build.func line reads (see updateScript).
            result = try await shell.exec(
                ctid: plan.ctid, [plan.target == .os ? "sh" : "bash", "-c", plan.script], environment: environment, input: Data(plan.functions.utf8),
                timeout: options.updateTimeout, longOutput: .keepStartAndEnd)
        } catch {
            log.note("the update could not run: \(error.message)")
            let code: BuildExitCode = error.kind == .cancelled ? .interrupted : (error.kind == .timeout ? .commandTimedOut : .general)
            result = CommandResult(exitCode: code.rawValue, stderr: Data(error.message.utf8))
        }
        log.record("update", result)
        did(update, in: &performed)
        guard result.succeeded else {
            throw await failed(plan, exitCode: BuildExitCode(rawValue: result.exitCode), log: log, session: session, archive: archive)
        }
        return try await succeeded(plan, baseline: baseline, output: result.output + result.errorOutput, shell: shell, log: log, session: session,
                               archive: archive, performed: performed)
    }

    /// After an update that exited 0: the health check (an unhealthy container fails as a failed update does), then
    /// ``finish(_:log:output:performed:)`` and what follows an OS update.
    private func succeeded(
        _ plan: UpdatePlan, baseline: HealthBaseline?, output: String, shell: any NodeShell, log: ProvisioningLog, session: String, archive: String?,
        performed: [UpdateAction]
    ) async throws(BuildError) -> UpdateResult {
        var performed = performed
        let health = await checkHealth(baseline, shell: shell, log: log)
        for action in plan.actions(.checkHealth) + plan.actions(.skipHealthCheck) { did(action, in: &performed) }
        if let health, !health.healthy { throw await unhealthy(plan, health: health, shell: shell, log: log, session: session, archive: archive) }
        var finished = await finish(plan, log: log, output: output, performed: performed)
        finished.health = health
        await afterOSUpdate(&finished, shell: shell)
        return finished
    }

    /// Notes that `action` of the plan was carried out: appended to `performed` and told to ``Options/onAction``.
    func did(_ action: UpdateAction, in performed: inout [UpdateAction]) {
        performed.append(action)
        options.onAction?(action)
    }

    /// Takes the snapshot, waiting for PVE's task also when the run is stopped meanwhile (detached, as the rollback):
    /// a stop before the update ran then removes the snapshot again and ends with 130, so a stopped update leaves
    /// nothing behind and the container is not rolled back (and restarted) for an update that never ran.
    private func takeSnapshot(_ snapshot: String, of plan: UpdatePlan, log: ProvisioningLog) async throws(BuildError) {
        let what = "taking snapshot \(snapshot) of container \(plan.ctid)"
        let container = client.node(plan.node).container(plan.ctid)
        let app = plan.app
        if let error = await taskToItsEnd({ () throws(ProxmoxError) in
            try await container.snapshot(snapshot, description: "lxc-build update of \(app)")
        }) {
            log.note("\(what): \(error.message)")
            throw BuildError.api(error, during: what)
        }
        log.note("\(what): done")
        guard Task.isCancelled else { return }
        let removal = await taskToItsEnd({ () throws(ProxmoxError) in try await container.deleteSnapshot(snapshot) })
        let left = removal.map { "; snapshot \(snapshot) could not be removed (\($0.message)): pct delsnapshot \(plan.ctid) \(snapshot)" }
        throw BuildError(exitCode: BuildExitCode.interrupted,
                         message: "interrupted before the update ran: container \(plan.ctid) is unchanged" + (left ?? "; snapshot \(snapshot) removed again"))
    }

    /// Starts a PVE task with `start` and waits for its end in a task of its own, which a stopped run does not
    /// cancel: a snapshot, a rollback or a snapshot's removal is carried through also after Ctrl-C or SIGTERM.
    /// - Returns: The error that ended it, `nil` when it succeeded.
    func taskToItsEnd(_ start: @escaping @Sendable () async throws(ProxmoxError) -> UPID) async -> ProxmoxError? {
        let (client, timeout) = (client, options.taskTimeout)
        return await Task.detached { () -> ProxmoxError? in
            do throws(ProxmoxError) {
                _ = try await client.waitForTask(try await start(), timeout: timeout)
                return nil
            } catch {
                return error
            }
        }.value
    }

    /// Waits for a task `start` begins; a failure is 1 with the API error (nothing of the update has run yet).
    private func task(_ what: String, log: ProvisioningLog, _ start: () async throws(ProxmoxError) -> UPID) async throws(BuildError) {
        do throws(ProxmoxError) {
            _ = try await client.waitForTask(try await start(), timeout: options.taskTimeout)
            log.note("\(what): done")
        } catch {
            log.note("\(what): \(error.message)")
            throw BuildError.api(error, during: what)
        }
    }

    /// After a successful update: the snapshot removed (unless kept), the version the container records noted.
    private func finish(_ plan: UpdatePlan, log: ProvisioningLog, output: String, performed: [UpdateAction]) async -> UpdateResult {
        var result = UpdateResult(plan: plan, snapshotKept: plan.snapshotName != nil, version: nil, warnings: [], output: output)
        result.performed = performed
        for action in plan.actions(.settleSnapshot) {
            did(action, in: &result.performed)
            guard case .settleSnapshot(let snapshot, keep: false) = action else { continue }
            progress("removing snapshot \(snapshot)")
            let container = client.node(plan.node).container(plan.ctid)
            if let error = await taskToItsEnd({ () throws(ProxmoxError) in try await container.deleteSnapshot(snapshot) }) {
                result.warnings.append("the update succeeded, but snapshot \(snapshot) could not be removed (\(error.message)); "
                    + "remove it with `pct delsnapshot \(plan.ctid) \(snapshot)`")
            } else {
                result.snapshotKept = false
            }
        }
        for action in plan.actions(.recordVersion) {
            result.version = await recordVersion(plan)
            did(action, in: &result.performed)
        }
        return result
    }

    /// The version tools.func caches in `~/.<app>` inside, written into the notes as `- Version:`; `nil` when the
    /// container records none. A failure here is no failure of the update.
    private func recordVersion(_ plan: UpdatePlan) async -> String? {
        guard let shell, let data = try? await shell.copyOut(ctid: plan.ctid, from: "/root/.\(plan.app)", timeout: options.commandTimeout) else {
            return nil
        }
        guard let version = Self.versionCache(data) else { return nil }
        var update = ContainerConfigUpdate()
        update.options.description = BuiltContainerNotes.setting("- Version: \(version)", prefix: "- Version:", in: plan.notes)
        try? await client.node(plan.node).container(plan.ctid).updateConfig(update)
        return version
    }

    /// The error of a failed update, after the plan's ``UpdateAction/rollBackOnFailure(snapshot:)`` (and its
    /// ``UpdateAction/settleSnapshot(name:keep:)``) or its ``UpdateAction/restoreBackupOnFailure(ctid:)`` of `archive`,
    /// the backup taken first; the combined log is written.
    func failed(_ plan: UpdatePlan, exitCode: BuildExitCode, log: ProvisioningLog, session: String, archive: String?) async -> BuildError {
        let logPath = (options.logDirectory as NSString).appendingPathComponent("\(plan.app)-\(plan.ctid)-update-\(session).log")
        let what = "the update of \(plan.appName) in container \(plan.ctid) failed (exit code \(exitCode): \(exitCode.explanation))"
        var performed: [UpdateAction] = []
        guard let rollback = plan.actions(.rollBackOnFailure).first, case .rollBackOnFailure(let snapshot) = rollback else {
            if let archive, let restore = plan.actions(.restoreBackupOnFailure).first {
                did(restore, in: &performed)
                return await restoreBackup(archive, plan, what: what, exitCode: exitCode, log: log, hint: { write(log, to: logPath, exitCode: exitCode) })
            }
            let kept = plan.snapshotName.map { "; snapshot \($0) is kept (the plan does not roll back to it)" } ?? ""
            let backup = archive.map { "; its backup before the update is \($0) on storage \(plan.backupStorage ?? "") (restore it with pct restore)" }
                ?? plan.backupStorage.map { "; its backup before the update is on storage \($0) (restore it with pct restore)" } ?? ""
            return BuildError(exitCode: exitCode, message: what + kept + backup, hint: write(log, to: logPath, exitCode: exitCode))
        }
        did(rollback, in: &performed)
        progress("rolling back to \(snapshot)")
        let container = client.node(plan.node).container(plan.ctid)
        // An update stopped by Ctrl-C or SIGTERM is rolled back all the same (see taskToItsEnd).
        if let error = await taskToItsEnd({ () throws(ProxmoxError) in try await container.rollback(to: snapshot, start: true) }) {
            log.note("rollback to \(snapshot): \(error.message)")
            return BuildError(
                exitCode: BuildExitCode.updateRollbackFailed,
                message: what + "; the rollback to snapshot \(snapshot) failed too (\(error.message)): the snapshot is kept",
                hint: "Roll back by hand: pct rollback \(plan.ctid) \(snapshot) && pct start \(plan.ctid)\n  "
                    + write(log, to: logPath, exitCode: exitCode))
        }
        log.note("rolled back to \(snapshot) and started again")
        var kept = "kept"
        for action in plan.actions(.settleSnapshot) {
            did(action, in: &performed)
            guard case .settleSnapshot(let name, let keep) = action else { continue }
            if keep {
                kept = "kept (--keep-snapshot)"
            } else {
                let removalError = await taskToItsEnd({ () throws(ProxmoxError) in try await container.deleteSnapshot(name) })
                kept = removalError.map { "kept: its removal failed (\($0.message))" } ?? "removed"
            }
        }
        let code = exitCode.isUpdateGuard ? exitCode : .updateRolledBack
        return BuildError(exitCode: code, message: what + "; the container was rolled back to snapshot \(snapshot) and started again (snapshot \(kept))",
                          hint: write(log, to: logPath, exitCode: exitCode))
    }

    /// Writes the combined log privately and returns the hint naming it (with build.func's hints for the code).
    private func write(_ log: ProvisioningLog, to path: String, exitCode: BuildExitCode) -> String {
        var hints = ProvisioningFailure.hints(exitCode: exitCode.rawValue, log: log.text)
        do throws(LogFileError) {
            try LogFile.prepareFolder(options.logDirectory)
            try LogFile.write(Data(("=== UPDATE (Host and Container) ===\n" + log.text).utf8), to: path)
            hints.append("Full log: \(path)")
        } catch {
            hints.append("The log could not be written: \(error)")
        }
        return hints.joined(separator: "\n  ")
    }
}
