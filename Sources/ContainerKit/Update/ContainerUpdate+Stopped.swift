import Foundation
import ProxmoxAPI

extension ContainerUpdate {
    /// Carries out the whole of `plan`, what ``execute(_:)`` does and what it needs around it: the raised
    /// resources (``UpdatePlan/resources``) set first, a stopped container (``UpdatePlan/startsStopped``) started and
    /// its OS checked as build.func's update checks it, then ``execute(_:)``; afterwards, success or failure and also
    /// when the run is stopped, the container stopped again and the resources restored.
    /// - Throws: ``BuildError``: what ``execute(_:)`` throws; 117 when a stopped container does not start, 238 when
    ///   its OS is not the app's (nothing of the app was changed; it is stopped again). Putting things back that
    ///   fails is a warning of the result, or a ``BuildError/cleanupProblems`` entry of the error. 1 when another
    ///   lxc-build run on this machine holds the container's lock (``Options/operationLock``): nothing was done.
    public func run(_ plan: UpdatePlan) async throws(BuildError) -> UpdateResult {
        try await holdingLock(of: plan) { () throws(BuildError) in try await runHoldingLock(plan) }
    }

    /// ``run(_:)`` once the lock is held.
    private func runHoldingLock(_ plan: UpdatePlan) async throws(BuildError) -> UpdateResult {
        var performed: [UpdateAction] = []
        for action in plan.actions(.raiseResources) {
            guard case .raiseResources(_, let resources) = action else { continue }
            try await raiseResources(resources, of: plan)
            did(action, in: &performed)
        }
        var started = false
        var outcome: Result<UpdateResult, BuildError>
        do throws(BuildError) {
            var plan = plan
            for action in plan.actions(.startStopped) {
                try await start(plan)
                started = true
                guard let shell else { throw BuildError(exitCode: .usage, message: "update needs a node shell and --node-shell is none") }
                var checked = UpdatePlan.Draft(plan)
                try await checkOS(&checked, shell: shell)
                plan = UpdatePlan(checked)
                did(action, in: &performed)
            }
            outcome = .success(try await executeHoldingLock(plan))
        } catch {
            outcome = .failure(error)
        }
        var problems: [String] = []
        var after: [UpdateAction] = []
        for action in plan.actions(.stopAgain) where started {
            if let problem = await stopAgain(plan) { problems.append(problem) }
            did(action, in: &after)
        }
        for action in plan.actions(.restoreResources) {
            guard case .restoreResources(_, let resources) = action else { continue }
            if let problem = await restoreResources(resources, of: plan) { problems.append(problem) }
            did(action, in: &after)
        }
        switch outcome {
        case .success(var result):
            result.warnings += problems
            result.performed = performed + result.performed + after
            return result
        case .failure(var error):
            error.cleanupProblems += problems
            throw error
        }
    }

    /// The plan's step for a stopped container (with ``Options/startStopped``).
    func planStart(_ plan: inout UpdatePlan.Draft) {
        plan.actions.append(.startStopped(ctid: plan.ctid, target: plan.target))
    }

    /// The plan's last steps: what ``run(_:)`` puts back.
    func planRestore(_ plan: inout UpdatePlan.Draft) {
        if plan.startsStopped { plan.actions.append(.stopAgain(ctid: plan.ctid)) }
        for case .raiseResources(_, let resources) in plan.actions { plan.actions.append(.restoreResources(ctid: plan.ctid, resources: resources)) }
    }

    /// Starts the stopped container for its update.
    private func start(_ plan: UpdatePlan) async throws(BuildError) {
        progress("starting container \(plan.ctid) for its update")
        let container = client.node(plan.node).container(plan.ctid)
        do throws(ProxmoxError) {
            _ = try await client.waitForTask(try await container.start(), timeout: options.taskTimeout)
        } catch {
            throw BuildError.api(error, during: "starting container \(plan.ctid) for its update; nothing of the app was changed", exitCode: BuildExitCode.notRunning)
        }
    }

    /// Shuts the container down again (stopped after a minute), also when the run is stopped; what went wrong, `nil`
    /// when done.
    private func stopAgain(_ plan: UpdatePlan) async -> String? {
        progress("stopping container \(plan.ctid) again")
        let container = client.node(plan.node).container(plan.ctid)
        let error = await taskToItsEnd { () throws(ProxmoxError) in try await container.shutdown(timeout: 60, forceStop: true) }
        return error.map { "container \(plan.ctid) was stopped before the update and could not be stopped again (\($0.message)): pct shutdown \(plan.ctid)" }
    }
}
