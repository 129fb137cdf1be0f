import Foundation
public import ProxmoxAPI

/// Receives the progress of each container of a stack: its name, and the event of its builder.
public typealias StackEventHandler = @Sendable (_ container: String, _ event: BuildEvent) -> Void

/// Plans and applies stacks in one session: one login, one read of the cluster (version, status, nodes, guests),
/// of each node's storages and of each template list for the whole stack (``SharedReads``), with creates and starts
/// running concurrently up to ``concurrency``.
///
/// ``plan(_:options:)`` decides every container with read requests only: the stack's containers that exist (their notes
/// carry the stack's marker, ``StackMarker``, with a proof the stack's key verifies) are left alone and compared with
/// the file (drift); a marker whose proof does not hold, or two containers claiming one, stop the plan; the others get a
/// ``CreatePlan`` each, their `node: auto` placed by one ``PlacementLedger`` so the stack spreads over the nodes.
/// ``apply(_:)`` carries the plans out; a container that fails is cleaned up as a single create would be, and the
/// others go on. Cancelling the calling task stops every create and removes what this run created.
public final class StackRunner: Sendable {
    /// The client every builder of the stack shares (over ``SharedReads``).
    public let client: ProxmoxClient
    /// How many containers are planned and built at the same time.
    public let concurrency: Int
    let shared: SharedReads
    let ledger: PlacementLedger
    let events: StackEventHandler
    let sleep: @Sendable (Duration) async throws -> Void
    /// How long a dependant waits for a dependency with a URL to become healthy (``HealthCheck``) before it is not created.
    let dependencyHealthWait: Duration
    /// Each orphan's lock on this machine, held while `apply --prune` removes it: one that another lxc-build run
    /// updates or restores meanwhile is kept; `nil` takes none.
    public let operationLock: ContainerOperationLock?

    /// A runner.
    /// - Parameters:
    ///   - client: The connection; its transport is wrapped in ``SharedReads``, so it logs in once for the stack.
    ///   - concurrency: How many containers are planned and built at the same time, brought into
    ///     ``concurrencyLimits`` (1 to 32); ``concurrency`` holds the value used. ``checkConcurrency(_:setting:)`` refuses
    ///     a value outside instead.
    ///   - placementSeed: Fixes the random choice among near-equal nodes (tests, benchmarks); `nil` draws one.
    ///   - events: Each container's progress.
    ///   - sleep: Waits between polls; injected so tests do not wait.
    ///   - dependencyHealthWait: How long a dependant waits for a dependency whose app has a URL to be healthy (300 s).
    ///   - operationLock: Each orphan's lock, held while `apply --prune` removes it (``ContainerOperationLock``).
    public init(
        client: ProxmoxClient, concurrency: Int = 4, placementSeed: UInt64? = nil, events: @escaping StackEventHandler = { _, _ in },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        dependencyHealthWait: Duration = .seconds(300), operationLock: ContainerOperationLock? = .standard
    ) {
        self.dependencyHealthWait = dependencyHealthWait
        self.operationLock = operationLock
        shared = SharedReads(client.transport)
        self.client = ProxmoxClient(transport: shared, retryPolicy: client.retryPolicy)
        self.concurrency = min(max(concurrency, Self.concurrencyLimits.lowerBound), Self.concurrencyLimits.upperBound)
        ledger = PlacementLedger(seed: placementSeed)
        self.events = events
        self.sleep = sleep
    }

    /// Decides every container of `stack` with read requests only; every container's notes are read, to find the
    /// stack's orphans (``StackPlan/orphans``), and the firewall and HA resource of the existing containers whose
    /// file has `firewall:` or `ha:` (their drift). With `options`, also what `--converge` changes in place and what
    /// `--prune` removes (after a backup it plans).
    /// - Throws: ``BuildError`` when the cluster's guests cannot be read (nothing can be decided then), or (64) when a
    ///   container is claimed by a marker whose proof does not hold or by two containers, naming each; a container
    ///   whose own planning fails is an entry ``StackPlan/Outcome/failed(_:)`` instead. With `--prune`, the errors of
    ///   the orphans' backup plan (``ContainerRemoval/planRemoval(_:backup:setting:)``).
    public func plan(_ stack: Stack, options: StackPlanOptions = StackPlanOptions()) async throws(BuildError) -> StackPlan {
        try await plan(stack, saved: nil, options: options)
    }

    /// ``plan(_:options:)``; with `saved`, stopping before anything is planned when the cluster no longer holds what it
    /// depends on (``clusterChanges(since:guests:marked:)``).
    func plan(_ stack: Stack, saved: SavedStackPlan?, options: StackPlanOptions = StackPlanOptions()) async throws(BuildError) -> StackPlan {
        // What every builder reads first goes out with the guests' read: the builders find the answers kept.
        async let warm: Void = prefetch()
        async let firstFree = result { () throws(ProxmoxError) in try await self.client.nextID() }
        let guests = try await read("reading the cluster's guests") { () throws(ProxmoxError) in
            try await self.client.clusterResources(type: "vm")
        }
        let configs = try await configsForAddresses(stack, guests: guests)
        let notes = try await everyConfig(guests, known: Dictionary(configs.map { ($0.guest.vmid ?? 0, $0.config) }, uniquingKeysWith: { first, _ in first }))
        let marked = try await findMarked(
            stack: stack.name, key: stack.key, containers: stack.members.map { ($0.name, $0.spec.hostname) }, guests: guests, known: notes)
        // A claim that is not proved, or two claims to one container, stop the run here: before any write.
        if let conflict = Self.conflicts(marked, stack: stack) { throw conflict }
        if let saved, let error = Self.changedError(try await clusterChanges(since: saved, guests: guests, marked: marked), saved: saved) {
            throw error
        }
        // So do host names and addresses that collide, in the file or with the cluster.
        let proved = marked.filter { $0.proof == .verified }
        let conflicts = conflicts(in: stack, creating: Set(stack.members.map(\.name)).subtracting(proved.map(\.name)), guests: guests,
                                  holders: NetworkConflicts.holders(configs), marked: Set(marked.map(\.ctid)),
                                  existing: Dictionary(proved.map { ($0.name, $0.ctid) }, uniquingKeysWith: { first, _ in first }))
        if let conflict = Self.conflictError(conflicts.problems, stack: stack) { throw conflict }
        let creating = Set(stack.members.map(\.name)).subtracting(proved.map(\.name))
        if let refusal = Self.bindMountRefusal(stack, creating: creating, identity: await client.transport.identity) { throw refusal }
        if let refusal = await macroRefusal(stack) { throw refusal }
        var inPlace = try await firewallAndHADrift(stack, existing: proved)
        for (name, drift) in try await poolDrift(stack, existing: proved, guests: guests) { inPlace[name, default: InPlaceDrift()].add(drift) }
        var members = stack.members
        var builders: [String: ContainerBuilder] = [:]
        var existing: [String: StackExisting] = [:]
        for member in members {
            let builder = makeBuilder(member, stack: stack)
            builders[member.name] = builder
            if let found = marked.first(where: { $0.name == member.name }) {
                let drift = await self.drift(of: member.spec, config: found.config, builder: builder)
                var entry = await convergence(of: StackExisting(ctid: found.ctid, node: found.node, drift: drift), spec: member.spec,
                                              config: found.config, builder: builder)
                if let other = inPlace[member.name] { entry.add(other) }
                existing[member.name] = entry
                events(member.name, .decided("container \(found.ctid) on \(found.node) carries this stack's marker: left alone"))
                for difference in entry.drift {
                    let fate = entry.rebuild.contains(difference) ? "only a rebuild changes it" : options.converge ? "--converge changes it" : "not changed"
                    events(member.name, .warning("drift: \(difference.option) is \(difference.actual), the stack file says \(difference.wanted) (\(fate))"))
                }
            } else if case .named(let node)? = member.options.node {
                await ledger.record(node, memoryMiB: member.spec.memoryMiB)
            }
        }
        let free = await firstFree
        let given = try assignIDs(&members, skipping: Set(existing.keys), guests: guests, firstFree: free)
        await warm
        let toPlan = members.filter { existing[$0.name] == nil }
        let builderOf = builders
        let planned = await bounded(toPlan) { member -> StackPlan.Outcome in
            guard let builder = builderOf[member.name] else { return .failed(BuildError(exitCode: .general, message: "no builder")) }
            do throws(BuildError) {
                let named = if case .named? = member.options.node { true } else { false }
                return .create(try await builder.plan(member.spec, nodeReason: named ? "named in stack file \(stack.file)" : nil,
                                                      knownFree: given[member.name]))
            } catch {
                return .failed(error)
            }
        }
        var outcomes: [String: StackPlan.Outcome] = [:]
        for (member, outcome) in zip(toPlan, planned) { outcomes[member.name] = outcome }
        let entries = members.map { member in
            StackPlan.Entry(name: member.name, outcome: existing[member.name].map { .existing($0) } ?? outcomes[member.name]!, dependsOn: member.dependsOn,
                            warnings: conflicts.warnings[member.name] ?? [])
        }
        // A bridge is known to be missing only once the node is placed: still before any write.
        if let conflict = Self.conflictError(try await bridgeConflicts(entries), stack: stack) { throw conflict }
        var plan = StackPlan(stack: stack.name, file: stack.file, entries: entries, builders: builders)
        plan.orphans = Self.orphans(of: stack, guests: guests, configs: notes)
        plan.converge = options.converge
        if options.prune { plan.prune = try await planPrune(plan.orphans, configs: notes, backup: options.pruneBackup, key: stack.key) }
        for orphan in plan.orphans {
            events(orphan.name, .warning("orphan: container \(orphan.ctid) on \(orphan.node) carries this stack's proved marker but the file no "
                + "longer lists \(orphan.name); " + (options.prune && !orphan.isProtected ? "--prune removes it" : "to remove it: " + orphan.removal(stackFile: stack.file))))
        }
        return plan
    }

    /// Carries out `plan`: creates the containers it plans, concurrently up to ``concurrency``, each once the members
    /// it depends on (`depends_on`) run, and are healthy when their app has a URL; leaves the existing ones alone. A
    /// container that fails is removed again (unless its options keep it) and the others go on; its dependants are not
    /// created.
    public func apply(_ plan: StackPlan) async -> StackResult {
        // From here on, every read is fresh: creates, starts and downloads change what the plans read.
        await shared.stopSharing()
        let planned = plan.entries.compactMap { entry -> (name: String, plan: CreatePlan)? in
            if case .create(let created) = entry.outcome { (entry.name, created) } else { nil }
        }
        // Each after the members it depends on (depends_on), which run before it is created (and so started).
        let creates = Self.dependencyOrder(planned, name: \.name, dependsOn: Dictionary(plan.entries.map { ($0.name, $0.dependsOn) }) { first, _ in first })
        let gate = DependencyGate()
        let built = await bounded(creates) { item -> StackResult.Outcome in
            let outcome = await self.create(item.name, item.plan, plan: plan, gate: gate)
            await gate.finish(item.name, problem: await self.readiness(of: item.name, outcome, created: item.plan, plan: plan))
            return outcome
        }
        var outcomes: [String: StackResult.Outcome] = [:]
        for (item, outcome) in zip(creates, built) { outcomes[item.name] = outcome }
        for (name, outcome) in await convergeAll(plan) { outcomes[name] = outcome }
        let entries = plan.entries.map { entry -> StackResult.Entry in
            switch entry.outcome {
            case .existing(let existing): StackResult.Entry(name: entry.name, outcome: outcomes[entry.name] ?? .existing(existing))
            case .failed(let error): StackResult.Entry(name: entry.name, outcome: .failed(error))
            case .create: StackResult.Entry(name: entry.name, outcome: outcomes[entry.name]!)
            }
        }
        var result = StackResult(stack: plan.stack, file: plan.file, entries: entries)
        result.orphans = plan.orphans
        if let prune = plan.prune, !Task.isCancelled {
            let pruned = await self.prune(prune, stack: plan.stack)
            result.prune = pruned
            result.orphans.removeAll { orphan in pruned.removed.contains { $0.orphan.ctid == orphan.ctid } }
        }
        result.interrupted = Task.isCancelled
        return result
    }

    /// ``plan(_:options:)`` and then ``apply(_:)``, without a look at the plan in between.
    public func planAndApply(_ stack: Stack) async throws(BuildError) -> StackResult {
        try await apply(plan(stack))
    }

    /// The builder of one member: the shared client, the shared ledger, the stack's marker in the notes, proved with
    /// the stack's key for the container's id and run mark.
    func makeBuilder(_ member: StackMember, stack: Stack) -> ContainerBuilder {
        var options = member.options
        options.placement = ledger
        options.checksNetworkConflicts = false  // the runner checks the whole stack (StackRunner+Conflicts)
        let (stackName, name, key, previous) = (stack.name, member.name, stack.key, options.boundNotesLines)
        let dependsOn = member.dependsOn.isEmpty ? [] : [BuiltContainerNotes.dependsOnLine(member.dependsOn)]
        options.boundNotesLines = { ctid, runMark in
            (previous?(ctid, runMark) ?? []) + [StackMarker.line(stack: stackName, container: name, ctid: ctid, runMark: runMark, key: key)] + dependsOn
        }
        let events = self.events
        return ContainerBuilder(client: client, options: options, events: { events(name, $0) }, sleep: sleep)
    }

    /// Gives each member to create without an id its own, from one `nextid` (`firstFree`) upwards past the ids in use, so the
    /// creates do not race for one id; each plan takes its id as given (the builder's `knownFree`) instead of asking
    /// `/cluster/nextid` again, and a create that finds its id taken takes the next free one.
    /// - Returns: The ids given, by member name.
    private func assignIDs(
        _ members: inout [StackMember], skipping existing: Set<String>, guests: [ClusterResource], firstFree: Result<Int, ProxmoxError>
    ) throws(BuildError) -> [String: Int] {
        let open = members.indices.filter { !existing.contains(members[$0].name) && members[$0].spec.ctid == nil }
        guard !open.isEmpty else { return [:] }
        var used = Set(guests.compactMap(\.vmid))
        used.formUnion(members.compactMap(\.spec.ctid))
        var next: Int
        switch firstFree {
        case .success(let id): next = id
        case .failure(let error): throw BuildError.api(error, during: "finding a free container id", exitCode: BuildExitCode.noFreeCTID)
        }
        var given: [String: Int] = [:]
        for index in open {
            while used.contains(next) { next += 1 }
            members[index].spec.ctid = next
            used.insert(next)
            given[members[index].name] = next
        }
        return given
    }

    /// Reads what each builder's connect step reads (version, cluster status, nodes), so the answers are kept
    /// before the builders ask; a failure is left for the builders to report.
    private func prefetch() async {
        async let version = result { () throws(ProxmoxError) in try await self.client.version() }
        async let status = result { () throws(ProxmoxError) in try await self.client.clusterStatus() }
        async let nodes = result { () throws(ProxmoxError) in try await self.client.nodes() }
        _ = await (version, status, nodes)
    }

    func result<T: Sendable>(_ call: @Sendable () async throws(ProxmoxError) -> T) async -> Result<T, ProxmoxError> {
        do {
            return .success(try await call())
        } catch {
            return .failure(error)
        }
    }

    /// Runs `body` for each item, at most ``concurrency`` at a time; results in the items' order.
    func bounded<Item: Sendable, Output: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) async -> Output) async -> [Output] {
        await BoundedConcurrency.map(items, limit: concurrency, body)
    }

    func read<T>(_ step: String, exitCode: BuildExitCode? = nil, _ call: () async throws(ProxmoxError) -> T) async throws(BuildError) -> T {
        do {
            return try await call()
        } catch {
            throw BuildError.api(error, during: step, exitCode: exitCode)
        }
    }
}
