import Foundation
import ProxmoxAPI

extension ContainerBuilder {
    /// Carries out ``CreatePlan/actions``, in order, as written, and nothing else: each API write sends the action's
    /// own request. Only a create that meets a taken id goes on with a new plan, made by the same planning step for the
    /// next free id. Every failure is a ``BuildError``; cancellation becomes exit 130.
    func run(_ planned: CreatePlan, state: BuildState) async throws(BuildError) -> BuildResult {
        var plan = planned
        var warnings = plan.warnings
        var address: String?
        var early: [ContainerInterface]?
        var provisioner: Provisioner?
        for index in planned.actions.indices {
            let action = plan.actions[index]
            try checkCancellation()
            await state.entered(action.step)
            let container = client.node(plan.node).container(plan.ctid)
            switch action.kind {
            case .downloadTemplate:
                events(.started(.download))
                let outcome = try await download(plan.template, node: plan.node, request: try only(action))
                events(.finished(.download, "\(plan.template.fileName) on \(plan.template.storage) (\(outcome))"))
            case .createContainer:
                events(.started(.create))
                let (created, createWarnings) = try await createContainer(plan, action: index, state: state)
                plan = created
                warnings += createWarnings
            case .mapIDs:
                try await mapIDs(plan, action: action)
            case .startContainer:
                let (interfaces, startWarnings) = try await start(container, plan: plan, request: action.requests.first)
                early = interfaces
                warnings += startWarnings
            case .waitForAddress:
                address = try await waitForAddress(container, plan: plan, reason: action.reason, first: early)
            case .setPasswordInside:
                try await setPasswordInside(plan, action: action)
            case .configureDevices, .checkNetwork, .bootstrap, .installSSHKeys, .runInstallScript, .postInstallHook:
                let current = provisioner ?? makeProvisioner(plan, ctid: plan.ctid, address: address)
                provisioner = current
                try await provision(action, with: current, state: state)
            case .configureFirewall:
                try await configureFirewall(action, ctid: plan.ctid)
            case .addToHA:
                try await addToHA(action, ctid: plan.ctid)
            case .writeNotes:
                guard let address else { continue }
                if let warning = try await writeNotes(container, request: try only(action), address: address) { warnings.append(warning) }
            }
        }
        return BuildResult(
            ctid: plan.ctid, node: plan.node, hostname: plan.spec.hostname, ip: address, template: plan.template.fileName,
            containerStorage: plan.containerStorage, templateStorage: plan.templateStorage, status: "running", warnings: warnings)
    }

    /// The one API write `action` sends.
    private func only(_ action: PlannedAction) throws(BuildError) -> APIRequest {
        guard action.requests.count == 1, let request = action.requests.first else {
            throw BuildError(exitCode: action.exitCode, message: "the plan's '\(action.kind.rawValue)' holds \(action.requests.count) requests, not one")
        }
        return request
    }

    /// Waits until the container runs. The create task started it (`start=1`): an interface list proves it runs
    /// (PVE answers `null` for a stopped container) and is the network step's first address read; only without one
    /// is the status polled. A container that runs has its root disk (PVE refuses to start one without).
    /// With a planned `request` (the create did not start it), that start is sent and its task waited for first (117).
    private func start(_ container: ContainerHandle, plan: CreatePlan, request: APIRequest?) async throws(BuildError) -> ([ContainerInterface]?, [String]) {
        events(.started(.start))
        var warnings: [String] = []
        if let request {
            let outcome = try await api("starting container \(container.vmid)", exitCode: BuildExitCode.notRunning) { () throws(ProxmoxError) in
                try await client.waitForTask(try await client.startTask(request), timeout: options.taskTimeout)
            }
            warnings = outcome.warnings
        }
        let early = try? await container.interfaces()
        if early == nil { try await waitUntilRunning(container) }
        events(.finished(.start, "running"))
        return (early, warnings)
    }

    /// Why a create task with `start=1` failed, from the container it left: none (or one still locked by the
    /// create) is a failed create (209); one without a root disk is 216; one with it did not start (117).
    private func failedCreateOrStart(_ error: ProxmoxError, ctid: Int, node: String, state: BuildState) async -> BuildError {
        let created = await result { () throws(ProxmoxError) in try await client.node(node).container(ctid).config() }
        guard case .success(let config) = created, config.lock != "create" else {
            return BuildError.api(error, during: "creating container \(ctid)", exitCode: BuildExitCode.createFailed)
        }
        events(.finished(.create, "container \(ctid) on \(node)"))
        events(.started(.start))
        await state.entered(.start)
        guard config.options.rootfs != nil else {
            return BuildError(exitCode: BuildExitCode.noRootfs, message: "container \(ctid) has no rootfs entry after its creation")
        }
        return BuildError.api(error, during: "starting container \(ctid)", exitCode: BuildExitCode.notRunning)
    }

    /// The plan's second write of the notes, with the address learned by DHCP in place of
    /// ``CreatePlan/learnedAddress``; a failure is a warning (the container is built by now).
    private func writeNotes(_ container: ContainerHandle, request planned: APIRequest, address: String) async throws(BuildError) -> String? {
        events(.started(.notes))
        var request = planned
        request.parameters = planned.parameters.map { parameter in
            guard parameter.name == "description", case .string(let text) = parameter.value else { return parameter }
            return APIParameter(parameter.name, .string(text.replacingOccurrences(of: CreatePlan.learnedAddress, with: address)))
        }
        do throws(ProxmoxError) {
            _ = try await client.call(request)
            events(.finished(.notes, "address \(address) added"))
            return nil
        } catch {
            if error.code == .cancelled { throw BuildError.api(error, during: "writing the container notes") }
            let warning = "the container notes could not be written (\(error.message)); the container is ready. "
                + "Add them later in the web UI or with `pct set \(container.vmid) --description ...`"
            events(.warning(warning))
            return warning
        }
    }

    /// The plan's `POST /nodes/{node}/lxc`, then waiting for the `vzcreate` task. When another creator took the id
    /// first, a new plan for the next free id (209 after ``Options/createAttempts``); returns the plan the container
    /// was created by.
    private func createContainer(_ planned: CreatePlan, action index: Int, state: BuildState) async throws(BuildError) -> (CreatePlan, [String]) {
        var plan = planned
        var warnings: [String] = []
        for attempt in 1...max(1, options.createAttempts) {
            try checkCancellation()
            let request = plan.createRequest
            let sent = try only(plan.actions[index])
            let upid: UPID
            do {
                upid = try await client.startTask(sent)
            } catch where Self.isIDTaken(error) && plan.spec.pinned.contains(.ctid) {
                // An id given on this command line is honoured or the run stops; it is not replaced behind its back.
                throw BuildError(
                    exitCode: BuildExitCode.ctidInUse,
                    message: "container id \(request.vmid) was taken by another creator after it was planned; it was given on the "
                        + "command line, so no other id is used",
                    hint: "Choose another id, or leave var_ctid unset to take the next free one.")
            } catch where Self.isIDTaken(error) && attempt < options.createAttempts {
                let taken = request.vmid
                var decided = plan.decisions
                decided.ctid = try await freeID(after: taken, attempt: attempt)
                decided.createRequest.vmid = decided.ctid
                plan = try makePlan(decided)
                warnings.append("container id \(taken) was taken by another creator meanwhile; using \(plan.ctid)")
                events(.warning(warnings[warnings.count - 1]))
                continue
            } catch where error.requestMayHaveArrived && [.transport, .timeout, .cancelled, .decoding].contains(error.code) {
                // The create may have been accepted and still be on its way. The container is ours to clean up only
                // when its notes carry this run's mark: a host name proves nothing (it defaults to the app id, and
                // another admin may have made one with the same id meanwhile). Checked in a task of its own, which
                // a cancelled run does not stop.
                let (vmid, mark) = (request.vmid, plan.ownershipMark)
                let found = await Task.detached { await self.ownershipAfterAmbiguousCreate(vmid: vmid, mark: mark, node: plan.node) }.value
                if found == .ours { await state.created(request.vmid) }
                var failure = BuildError.api(error, during: "creating container \(request.vmid)", exitCode: BuildExitCode.createFailed)
                if let problem = found.problem(vmid: request.vmid, mark: mark) { failure.cleanupProblems.append(problem) }
                throw failure
            } catch {
                throw BuildError.api(error, during: "creating container \(request.vmid)", exitCode: BuildExitCode.createFailed)
            }
            await state.created(request.vmid, task: upid)
            let outcome: TaskOutcome
            do {
                outcome = try await client.waitForTask(upid, timeout: options.taskTimeout)
            } catch where error.code == .taskFailed && request.start == true {
                await state.createTaskEnded()
                throw await failedCreateOrStart(error, ctid: request.vmid, node: plan.node, state: state)
            } catch {
                if error.code == .taskFailed { await state.createTaskEnded() }
                throw BuildError.api(error, during: "creating container \(request.vmid)", exitCode: BuildExitCode.createFailed)
            }
            await state.createTaskEnded()
            for warning in outcome.warnings { events(.warning(warning)) }
            events(.finished(.create, "container \(request.vmid) on \(plan.node)"))
            return (plan, warnings + outcome.warnings)
        }
        throw BuildError(exitCode: BuildExitCode.createFailed, message: "no free container id after \(options.createAttempts) attempts")
    }

    /// A free id after a collision. Creators that raced for one id all hear the same `nextid` again, so each
    /// starts a random short way past the taken id and checks upwards (`nextid?vmid=N`), as build.func does
    /// (at most 1,000 ids, then 109).
    private func freeID(after taken: Int, attempt: Int) async throws(BuildError) -> Int {
        let lowest = try await api("finding a free container id", exitCode: BuildExitCode.noFreeCTID) { () throws(ProxmoxError) in
            try await client.nextID()
        }
        var candidate = max(lowest, taken + 1) + Int.random(in: 0..<(attempt * 4))
        for _ in 0..<1000 {
            do {
                return try await client.nextID(requested: candidate)
            } catch where error.code == .parameterVerification {
                candidate += 1
            } catch {
                throw BuildError.api(error, during: "checking container id \(candidate)", exitCode: BuildExitCode.noFreeCTID)
            }
        }
        throw BuildError(exitCode: BuildExitCode.noFreeCTID, message: "no free container id between \(taken + 1) and \(candidate)")
    }

    /// Whether a create whose answer was lost made a container of this run's: the id's notes carry `mark`. Polled
    /// for about ten seconds, as the request may still be on its way or the create still running (the config then
    /// holds only `lock: create`).
    private func ownershipAfterAmbiguousCreate(vmid: Int, mark: String, node: String) async -> AmbiguousCreateOutcome {
        let container = client.node(node).container(vmid)
        var outcome = AmbiguousCreateOutcome.unknown
        for attempt in 0..<10 {
            if attempt > 0 { try? await sleep(.seconds(1)) }
            switch await result({ () throws(ProxmoxError) in try await container.config() }) {
            case .success(let config) where config.options.description?.contains(mark) == true:
                return .ours
            case .success(let config) where config.lock == "create":
                outcome = .stillCreating  // not written yet: look again
            case .success:
                outcome = .notOurs
            case .failure(let error) where error.status != nil && error.code != .nodeUnreachable:
                if outcome == .unknown { outcome = .absent }  // PVE answered: not (yet) there
            case .failure:
                continue
            }
        }
        return outcome
    }

    static func isIDTaken(_ error: ProxmoxError) -> Bool {
        if error.code == .alreadyExists { return true }
        return error.parameterErrors["vmid"]?.contains("already exists") == true
    }

    /// Polls `status/current` until `running`, within ``Options/runningTimeout`` (117).
    private func waitUntilRunning(_ container: ContainerHandle) async throws(BuildError) {
        var waited: Duration = .zero
        while true {
            let status = try await api("reading the container status", exitCode: BuildExitCode.notRunning) { () throws(ProxmoxError) in
                try await container.status()
            }
            if status.isRunning { return }
            guard waited < options.runningTimeout else {
                throw BuildError(
                    exitCode: BuildExitCode.notRunning,
                    message: "container \(container.vmid) is '\(status.status)' \(options.runningTimeout) after its start task ended")
            }
            try await pause(.seconds(1))
            waited += .seconds(1)
        }
    }

    /// Polls `GET .../interfaces` for eth0's IPv4 (or a global IPv6) with build.func's back-off: 1 s for
    /// the first 20 tries, 2 s for the next 20, then 3 s, until ``Options/ipTimeout`` (118). When the plan skips the
    /// wait (``CreatePlan/waitsForAddress``: Alpine, a zero timeout), a static address is known without waiting.
    private func waitForAddress(_ container: ContainerHandle, plan: CreatePlan, reason: String, first: [ContainerInterface]?) async throws(BuildError) -> String? {
        let spec = plan.spec
        guard plan.waitsForAddress else {
            if case .fixed(let address) = spec.network.ipv4 { return Self.stripPrefix(address) }
            events(.decided("network wait \(reason)"))
            return nil
        }
        events(.started(.network))
        var waited: Duration = .zero
        var attempt = 0
        var pending = first
        while true {
            attempt += 1
            let interfaces: [ContainerInterface]?
            if let early = pending {
                interfaces = early
                pending = nil
            } else {
                interfaces = try? await container.interfaces()
            }
            if let interfaces, let address = Self.address(in: interfaces) {
                events(.finished(.network, address))
                return address
            }
            let delay: Duration = attempt <= 20 ? .seconds(1) : attempt <= 40 ? .seconds(2) : .seconds(3)
            guard waited + delay <= options.ipTimeout else {
                throw BuildError(
                    exitCode: BuildExitCode.noIP,
                    message: "container \(container.vmid) has no IP address after \(options.ipTimeout)",
                    hint: "Check the bridge (\(spec.network.sdnVnet ?? spec.network.bridge)), the DHCP server or the static "
                        + "address, and the firewall; with Tailscale, MagicDNS can hide the address.")
            }
            try await pause(delay)
            waited += delay
        }
    }

    /// eth0's IPv4 without prefix, else its global IPv6.
    static func address(in interfaces: [ContainerInterface]) -> String? {
        let eth0 = interfaces.first { $0.name == "eth0" } ?? interfaces.first { $0.name != "lo" }
        if let inet = eth0?.inet, !inet.isEmpty { return stripPrefix(inet) }
        if let inet6 = eth0?.inet6, !inet6.isEmpty, !inet6.lowercased().hasPrefix("fe80") { return stripPrefix(inet6) }
        return nil
    }

    static func stripPrefix(_ address: String) -> String {
        String(address.split(separator: "/").first ?? Substring(address))
    }

    func pause(_ duration: Duration) async throws(BuildError) {
        do {
            try await sleep(duration)
        } catch {
            throw BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted")
        }
    }

    func checkCancellation() throws(BuildError) {
        if Task.isCancelled { throw BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted") }
    }

    /// Stops and destroys a container this run created, retrying while the node is unreachable or busy (a
    /// failure often comes from exactly that). Runs detached so a cancelled run still cleans up. A create task
    /// still running (the run was interrupted while waiting for it, or the wait timed out) is stopped first: until
    /// it ends, the container is locked and can be neither stopped nor destroyed, and it may never end by itself.
    /// Every wait is bounded by ``Options/cleanupTaskTimeout``.
    func removeAfterFailure(ctid: Int, node: String, after createTask: UPID? = nil) async -> [String] {
        events(.started(.cleanup))
        let client = self.client
        let timeout = options.cleanupTaskTimeout
        let attempts = max(1, options.cleanupAttempts)
        let sleep = self.sleep
        let problem = await Task.detached { () -> String? in
            if let createTask {
                // PVE's create worker, stopped, removes what it made; what it leaves is destroyed below.
                try? await client.stopTask(createTask)
                _ = try? await client.waitForTask(createTask, timeout: timeout)
            }
            var delay: Duration = .seconds(1)
            for attempt in 1...attempts {
                do throws(ProxmoxError) {
                    try await ContainerRemoval.stopAndDestroy(ctid: ctid, node: node, client: client, timeout: timeout, force: true)
                    return nil
                } catch where error.code == .notFound {
                    return nil
                } catch where attempt < attempts && Self.isWorthRetryingCleanup(error) {
                    try? await sleep(delay)
                    delay = min(delay * 2, .seconds(8))
                } catch {
                    return "removing \(ctid) failed: \(error.message); remove it by hand: pct destroy \(ctid) --purge"
                }
            }
            return "removing \(ctid) failed; remove it by hand: pct destroy \(ctid) --purge"
        }.value
        guard let problem else {
            events(.finished(.cleanup, "container \(ctid) removed"))
            return []
        }
        events(.warning(problem))
        return [problem]
    }

    /// Failures that may pass: the node or network coming back, a lock being released.
    static func isWorthRetryingCleanup(_ error: ProxmoxError) -> Bool {
        [.transport, .timeout, .nodeUnreachable, .transient].contains(error.code) || error.message.lowercased().contains("lock")
    }
}
