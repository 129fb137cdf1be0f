import ProxmoxAPI

/// Each member's end, awaited by its dependants (`depends_on`): `nil` when it runs, else why it does not.
actor DependencyGate {
    private var ends: [String: String?] = [:]
    private var waiters: [String: [CheckedContinuation<String?, Never>]] = [:]

    /// Records `name`'s end and wakes whoever waits for it.
    func finish(_ name: String, problem: String?) {
        ends[name] = .some(problem)
        for waiter in waiters.removeValue(forKey: name) ?? [] { waiter.resume(returning: problem) }
    }

    /// `name`'s end, once it has one.
    func end(of name: String) async -> String? {
        if let known = ends[name] { return known }
        return await withCheckedContinuation { waiters[name, default: []].append($0) }
    }
}

extension StackRunner {
    /// The creates in an order where each comes after the members it depends on, the file's order otherwise. Started in
    /// this order, a create that waits for its dependencies (holding a place of ``concurrency``) only waits for
    /// creates started before it: the waits cannot close a circle. The file's cycles were refused when it was read.
    static func dependencyOrder<Item>(_ items: [Item], name: (Item) -> String, dependsOn: [String: [String]]) -> [Item] {
        var placed: Set<String> = []
        var rest = items
        var ordered: [Item] = []
        let names = Set(items.map(name))
        while !rest.isEmpty {
            let ready = rest.firstIndex { item in (dependsOn[name(item)] ?? []).allSatisfy { !names.contains($0) || placed.contains($0) } } ?? 0
            let item = rest.remove(at: ready)
            placed.insert(name(item))
            ordered.append(item)
        }
        return ordered
    }

    /// Why `name` cannot be created yet: `nil` once each of its dependencies runs; else the first that does not (it
    /// failed, was not created, or, left alone as existing, is not running). A dependency this run creates is waited for.
    func dependencyProblem(_ name: String, plan: StackPlan, gate: DependencyGate) async -> String? {
        guard let entry = plan.entries.first(where: { $0.name == name }) else { return nil }
        for dependency in entry.dependsOn {
            switch plan.entries.first(where: { $0.name == dependency })?.outcome {
            case .create?:
                if let problem = await gate.end(of: dependency) { return "its dependency \(dependency) \(problem)" }
            case .existing(let existing)?:
                let status = await result { () throws(ProxmoxError) in try await self.client.node(existing.node).container(existing.ctid).status() }
                switch status {
                case .success(let current) where current.isRunning: continue
                case .success(let current):
                    return "its dependency \(dependency) (container \(existing.ctid) on \(existing.node)) is \(current.status), not running; "
                        + "start it: pct start \(existing.ctid)"
                case .failure(let error):
                    return "the status of its dependency \(dependency) (container \(existing.ctid)) cannot be read: \(error.message)"
                }
            case .failed?:
                return "its dependency \(dependency) could not be planned"
            case nil:
                return "its dependency \(dependency) is not in the plan"
            }
        }
        return nil
    }

    /// Creates `name` by `created` once each of its dependencies runs; a dependency that does not stops it (1), naming why.
    /// The result's warnings begin with the stack's own about it (``StackPlan/Entry/warnings``).
    func create(_ name: String, _ created: CreatePlan, plan: StackPlan, gate: DependencyGate) async -> StackResult.Outcome {
        guard let builder = plan.builders[name] else { return .failed(BuildError(exitCode: 1, message: "no builder")) }
        if let problem = await dependencyProblem(name, plan: plan, gate: gate) {
            events(name, .warning("not created: \(problem)"))
            return .failed(BuildError(exitCode: BuildExitCode.general, message: "\(name) was not created: \(problem)",
                                      hint: "Its dependencies (depends_on) must run before it is created and started."))
        }
        do throws(BuildError) {
            var built = try await builder.execute(created)
            built.warnings = (plan.entries.first { $0.name == name }?.warnings ?? []) + built.warnings
            return .created(built)
        } catch {
            return .failed(error)
        }
    }

    /// What `name`'s dependants learn of it once its create ended: `nil` when it runs and, when it has dependants and its
    /// app has a URL (``HealthCheck``, asked from the node through its node shell), the URL answers within
    /// ``dependencyHealthWait``; else why not.
    func readiness(of name: String, _ outcome: StackResult.Outcome, created: CreatePlan, plan: StackPlan) async -> String? {
        guard case .created(let built) = outcome else {
            if case .failed(let error) = outcome { return "was not created (exit \(error.exitCode))" }
            return nil
        }
        guard plan.entries.contains(where: { $0.dependsOn.contains(name) }), let provisioning = created.provisioning,
            let shell = provisioning.shell
        else { return nil }
        let check = HealthCheck(client: client, shell: shell, progress: { line in self.events(name, .decided(line)) })
        let baseline: HealthBaseline
        do throws(BuildError) {
            baseline = try await check.baseline(ctid: built.ctid, node: built.node, app: created.spec.app,
                                                catalogDirectory: provisioning.catalogDirectory, recordServices: false)
        } catch {
            return "runs, but its health cannot be read: \(error.message)"
        }
        guard baseline.url != nil else { return nil }
        events(name, .decided("its dependants wait until it is healthy: \(baseline.summary)"))
        let result = await check.check(baseline, waitUpTo: dependencyHealthWait)
        return result.healthy ? nil : "runs but is not healthy after \(dependencyHealthWait): \(result.summary)"
    }
}
