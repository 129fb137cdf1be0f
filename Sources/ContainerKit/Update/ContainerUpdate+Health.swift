import Foundation

extension ContainerUpdate {
    /// The health check with the update's API, node shell and options.
    func healthCheck(_ shell: any NodeShell) -> HealthCheck {
        HealthCheck(client: client, shell: shell, options: options.health, progress: progress)
    }

    /// Records the health baseline while planning (reads only) and says in the plan what will be checked after the
    /// update, or that the app has no URL and no services, or that there is no check (`--no-health-check`).
    func planHealth(_ plan: inout UpdatePlan.Draft, catalogDirectory: String?, shell: any NodeShell) async throws(BuildError) {
        guard options.healthCheck else {
            plan.actions.append(.skipHealthCheck)
            return
        }
        let baseline = try await healthCheck(shell).baseline(
            ctid: plan.ctid, node: plan.node, app: plan.app, catalogDirectory: catalogDirectory, recordServices: true)
        plan.health = baseline
        plan.actions.append(.checkHealth(within: Self.shown(options.healthWait), summary: baseline.summary, rollbackTo: plan.snapshotName))
    }

    /// The baseline recorded again just before the update (services change between plan and yes), the URL the
    /// plan found kept; the plan's when it cannot be read now; `nil` with `--no-health-check`.
    func recordHealth(_ plan: UpdatePlan, shell: any NodeShell) async -> HealthBaseline? {
        guard let planned = plan.health else { return nil }
        progress("recording the health of container \(plan.ctid)")
        guard var now = try? await healthCheck(shell).baseline(
            ctid: plan.ctid, node: plan.node, app: nil, catalogDirectory: nil, recordServices: true) else { return planned }
        now.url = planned.url
        now.urlSource = planned.urlSource
        return now
    }

    /// The health check after the update, waiting up to ``Options/healthWait``; `nil` without a baseline.
    func checkHealth(_ baseline: HealthBaseline?, shell: any NodeShell, log: ProvisioningLog) async -> HealthResult? {
        guard let baseline else { return nil }
        progress("checking the health of container \(baseline.ctid)")
        let result = await healthCheck(shell).check(baseline, waitUpTo: options.healthWait)
        log.note("health after the update: \(result.summary)")
        return result
    }

    /// An update that exited 0 and left the container unhealthy: failed as any failed update (rolled back to the
    /// snapshot and started: 82; without a snapshot 86), the health checked again after the rollback, both results
    /// in the error's message.
    func unhealthy(_ plan: UpdatePlan, health: HealthResult, shell: any NodeShell, log: ProvisioningLog, session: String, archive: String?) async -> BuildError {
        var error = await failed(plan, exitCode: BuildExitCode.unhealthy, log: log, session: session, archive: archive)
        error.message += "; health after the update: \(health.summary)"
        if error.exitCode == BuildExitCode.updateRolledBack {
            progress("checking the health of container \(plan.ctid) after the rollback")
            let again = await healthCheck(shell).check(health.baseline, waitUpTo: options.healthWait)
            error.message += "; after the rollback: \(again.summary)"
        }
        return error
    }
}
