import ProxmoxAPI

extension ContainerDestruction {
    /// Carries out `plan`'s actions as listed: the backups first, then each container removed whose backup wrote an
    /// archive (all of them without a backup; one whose backup failed is kept, 87); a stack's container is checked once
    /// more (its proved marker, its protection) before it goes. A failure ends that container only; a protected container
    /// left alone is a failure (77), and the containers whose claim is not proved end the run with 64. Never throws: the
    /// result says what happened.
    public func execute(_ plan: DestroyPlan) async -> DestroyResult {
        let removals = plan.removals
        let removal = BackedUpRemoval(targets: removals.map(\.backupTarget), backup: plan.backup == nil ? nil : backup, plan: plan.backup,
                                      noBackupStorage: plan.noBackupStorage)
        let log = backup?.log
        let runner = StackRunner(client: client)
        let ran = await ContainerRemoval.remove(removal, logPath: log?.path) { target async throws(BuildError) in
            try await holdingLock(of: target.ctid) { () throws(BuildError) in try await remove(target, plan: plan, runner: runner) }
        }
        var failures: [DestroyFailure] = []
        var keptLog: String?
        // The backup's run log is kept (and named) only when a backup failed (``BackupResult/settle(_:)``).
        let backupFailure = ran.backup.flatMap { result in log.map { result.settle($0) } ?? result.failure(logPath: nil) }
        if ran.backup == nil { log?.discard() }
        if let result = ran.backup, let failure = backupFailure {
            keptLog = log?.path
            let kept = result.failed.map { String($0.target.ctid) }.joined(separator: ", ")
            failures.append(DestroyFailure(target: nil, error: BuildError(
                exitCode: failure.exitCode, message: failure.message + "; container(s) \(kept) not removed", hint: failure.hint)))
        }
        for failed in ran.failures {
            failures.append(DestroyFailure(target: removals.first { $0.ctid == failed.ctid }, error: failed.error))
        }
        for target in plan.protected {
            failures.append(DestroyFailure(target: target, error: ContainerRemoval.protectedError(ctid: target.ctid)))
        }
        if let refusal = unprovedRefusal(plan) { failures.append(DestroyFailure(target: nil, error: refusal)) }
        return DestroyResult(plan: plan, backup: ran.backup, archives: ran.archives,
                             removed: removals.filter { ran.removed.contains($0.ctid) }, failures: failures, keptLog: keptLog)
    }

    /// The error a `destroy --stack` ends with when containers claim the stack without a proof this machine verifies.
    private func unprovedRefusal(_ plan: DestroyPlan) -> BuildError? {
        let unproved = plan.leftAlone.map(\.target)
        guard case .stack(let stack) = plan.scope, !unproved.isEmpty else { return nil }
        let keyPath = plan.stackKeyPath ?? ""
        let listed = unproved.map { "\($0.ctid) (\($0.name ?? "?"))" }.joined(separator: ", ")
        let why = plan.stackKey != nil ? "" : " (this machine has no key of stack \(stack): \(keyPath))"
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "container(s) \(listed) claim stack \(stack) without a proof of its key\(why); left alone",
            hint: "A container is removed only when its marker's proof matches its id under the stack's key. Copy the key from "
                + "the machine that applied the stack to \(keyPath) (mode 0600), adopt a container an older lxc-build made "
                + "(lxc-build apply FILE --adopt NAME=ID), or remove it by id (lxc-build destroy ID) after checking it.")
    }

    /// Runs `body` holding container `ctid`'s lock (``DestroyOptions/operationLock``; without one, as it is).
    private func holdingLock(of ctid: Int, _ body: () async throws(BuildError) -> Void) async throws(BuildError) {
        guard let lock = options.operationLock else { return try await body() }
        try await lock.withLock(ctid: ctid, server: client.transport.server, operation: "destroy", body)
    }

    /// Removes one container of `plan`: stopped and destroyed, or a stack's checked once more by `runner` first.
    private func remove(_ target: BackupTarget, plan: DestroyPlan, runner: StackRunner) async throws(BuildError) {
        switch plan.scope {
        case .container:
            do throws(ProxmoxError) {
                try await ContainerRemoval.stopAndDestroy(ctid: target.ctid, node: target.node, client: client)
            } catch {
                throw BuildError.api(error, during: "removing container \(target.ctid)")
            }
        case .stack(let stack):
            guard let container = plan.marked.first(where: { $0.ctid == target.ctid }) else { return }
            try await runner.destroy(container, stack: stack, key: plan.stackKey)
        }
    }
}
