public import Foundation
public import HostProbe
public import ProxmoxAPI

/// Creates containers the way build.func does, over the Proxmox VE API.
///
/// ``plan(_:)`` decides everything (node, storages, template, CTID, the create request) with read
/// requests only. ``create(_:)`` carries a plan out: downloads the template if needed, creates, starts,
/// waits for the network and writes the notes. If any step after the container exists fails, or the
/// calling task is cancelled, the container this run created is stopped and destroyed, unless
/// ``Options/keepOnFailure`` is set; a container this run did not create is never touched.
public final class ContainerBuilder: Sendable {
    /// How the builder decides what the spec leaves open.
    public struct Options: Sendable {
        /// The node to build on: `nil` picks the only node, or on a cluster the node the API answers from. With a
        /// Proxmox VE node shell, `nil` and ``NodeChoice/automatic`` pick the node the shell reaches: the only one it
        /// can work on.
        public var node: NodeChoice?
        /// The setting that named ``node`` (`--node`, `PROXMOX_VE_NODE`, a stack's `node:`), for messages about it.
        public var nodeSetting = "--node"
        /// Whether questions may be asked (through ``chooser``); otherwise documented rules decide.
        public var interactive = false
        /// Asks the user when ``interactive``.
        public var chooser: (any Chooser)?
        /// How long to wait for an address after start; zero skips the wait.
        public var ipTimeout: Duration = .seconds(120)
        /// How long the container may take to be `running` after the task that starts it.
        public var runningTimeout: Duration = .seconds(10)
        /// Keep a half-built container for debugging instead of removing it.
        public var keepOnFailure = false
        /// Create attempts when other creators take the CTID first.
        public var createAttempts = 10
        /// Longest wait for any one task.
        public var taskTimeout: Duration = .seconds(1800)
        /// Tries at removing a half-built container when the node is unreachable or busy.
        public var cleanupAttempts = 5
        /// Longest wait for any one task of the cleanup: the create task it asked PVE to stop, the stop and the
        /// destroy. A stopped run ends within a few of these, not within ``taskTimeout``.
        public var cleanupTaskTimeout: Duration = .seconds(120)
        /// Where the containers this build creates are listed until it finishes or removes them: what a process
        /// ended at once would leave behind (the CLI's second signal names them). `nil`: not listed.
        public var unfinished: UnfinishedContainers?
        /// Reads the node's hardware (GPUs, serial adapters, Coral): HostProbe on the node itself, or over a
        /// node shell. `nil` when neither is available; GPU passthrough is then refused before anything is created.
        public var hostReport: (@Sendable () async -> HostReport)?
        /// Provisioning inside the container after the network wait (build.func's post-create phase); `nil` skips it.
        public var provisioning: ProvisioningOptions?
        /// Keeps lxc-build processes on this machine from downloading one template twice at the same time.
        public var downloadLock: any TemplateDownloadLocking = FileTemplateDownloadLock.standard
        /// What the builders of one run placed with ``NodeChoice/automatic``, shared so their choices account for
        /// each other (a stack); `nil`: this build's own.
        public var placement: PlacementLedger?
        /// Lines added to the container's notes after the run's mark, such as a stack's marker.
        public var notesLines: [String] = []
        /// Lines added to the notes after ``notesLines`` that name the container's id and the run's mark (a stack's
        /// marker with its proof, ``StackMarker``); made again when the create takes another id.
        public var boundNotesLines: (@Sendable (_ ctid: Int, _ runMark: String) -> [String])?
        /// Whether planning refuses (64) a static address another container of the cluster has configured and a bridge
        /// the node does not have (``NetworkConflicts``); off for a stack's builders, whose runner checks the whole
        /// stack at once.
        public var checksNetworkConflicts = true
        /// The run mark and the plan's time a saved plan fixed (``SavedStackPlan``), so the plan made again writes the same
        /// notes; `nil` makes a new mark and takes the time now.
        public var savedMark: (ownershipMark: String, madeAt: Date)?

        /// build.func's defaults.
        public init() {}
    }

    /// Which node to build on.
    public enum NodeChoice: Sendable, Equatable {
        /// This node, by name.
        case named(String)
        /// An online node with the chosen storages, by the placement rule (``NodeSelection/place(memoryMiB:among:ledger:random:)``).
        case automatic
    }

    let client: ProxmoxClient
    let options: Options
    let events: BuildEventHandler
    let sleep: @Sendable (Duration) async throws -> Void
    let now: @Sendable () -> Date
    /// Reads the node through the node shell once per run (the check that it is the chosen node, and the probe
    /// when devices are asked for); `nil` without a shell or for a plain-LXC shell.
    let nodeInspection: NodeInspection?

    /// Makes a builder.
    /// - Parameters:
    ///   - client: The Proxmox VE client calls go through.
    ///   - options: How open choices are decided.
    ///   - events: Receives progress; the CLI renders it.
    ///   - sleep: Waits between polls; injected so tests do not wait.
    ///   - now: The clock the notes are dated by.
    public init(
        client: ProxmoxClient, options: Options = Options(), events: @escaping BuildEventHandler = { _ in },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.client = client
        self.options = options
        self.events = events
        self.sleep = sleep
        self.now = now
        self.nodeInspection = options.provisioning?.shell.flatMap { NodeInspection.checksNode(of: $0) ? NodeInspection(shell: $0) : nil }
    }

    /// Decides everything with read requests only. Substitutions (nearest template version, next free id) are
    /// decided here and listed in ``CreatePlan/substitutions``; the plan's spec carries the values used.
    public func plan(_ requested: ContainerSpec) async throws(BuildError) -> CreatePlan {
        try await plan(requested, nodeReason: nil)
    }

    /// ``plan(_:)``, with `nodeReason` in place of the node choice's own reason (a stack names the node in its file), and
    /// `knownFree`, an id the caller found free in its own read of the cluster's guests: when it is the spec's id, it is
    /// taken without asking `/cluster/nextid` (a stack gives each container its own; a create that then finds it taken
    /// takes the next free one, as always).
    func plan(_ requested: ContainerSpec, nodeReason: String?, knownFree: Int? = nil) async throws(BuildError) -> CreatePlan {
        var warnings: [String] = []
        var substitutions: [Substitution] = []
        try checkProvisioning(requested)
        try requested.checkArchitecture()
        try requested.checkAppEscalations()
        // Reads that wait on nothing go out with the cluster reads: this login's privileges, and with --node NAME
        // that node's storage, template and catalog reads and the container id.
        let nodeNamed = options.node.map { if case .named = $0 { true } else { false } } ?? false
        async let privilegesRead = readPrivilegesAhead()
        async let namedNodeReads = readNamedNodeAhead(requested)
        async let earlyCTID = chooseCTIDAhead(requested, when: nodeNamed, knownFree: knownFree)
        async let addressRead = readAddressHoldersAhead(requested)
        let host = try await checkHost(warnings: &warnings)
        var adjusted = requested
        let deviceNotes = try await planDevices(&adjusted, warnings: &warnings)
        let spec = adjusted
        // The id does not depend on node, storage or template: ask for it while those are decided.
        async let lateCTID = chooseCTIDAhead(spec, when: !nodeNamed, knownFree: knownFree)
        let node = try await chooseNode(spec, host: host)
        try await checkNodeAccess(spec, node: node.name, warnings: &warnings)
        let reads: NodeReads
        if let early = await namedNodeReads {
            reads = early
        } else {
            reads = await readNode(node.name, spec: spec, known: node.storages)
        }
        try checkBridge(spec, reads: reads, warnings: &warnings)
        try checkAddresses(spec, read: await addressRead, warnings: &warnings)
        let storages = try await chooseStorages(spec, node: node.name, reads: reads, warnings: &warnings)
        let template = try await chooseTemplate(
            spec, node: node.name, storage: storages.template, reads: reads, warnings: &warnings, substitutions: &substitutions)
        let (early, late) = (await earlyCTID, await lateCTID)
        guard let ctidChoice = early ?? late else { preconditionFailure("the container id is asked for early or late") }
        let (ctid, ctidSubstitutions) = try ctidChoice.get()
        substitutions += ctidSubstitutions
        // What the login cannot set: root-only features not pinned on the command line are dropped as
        // substitutions (shown before any write); the privileges every request needs are checked below.
        var built = droppingRootOnlyFeatures(spec, identity: host.identity, substitutions: &substitutions)
        if let version = substitutions.first(where: { $0.kind == .templateVersion })?.used { built.osVersion = version }
        let (request, setsPasswordInside) = try plannedCreateRequest(
            built, ctid: ctid, templateVolid: template.volid, containerStorage: storages.container, identity: host.identity,
            warnings: &warnings)
        let provisioning = try await provisioningDecided()
        let nodeShellCheck = await nodeInspection?.checked(node: node.name)
        // The notes go out with the create (``makePlan(_:)``); a DHCP address is added once known.
        let decided = PlanDecisions(
            spec: built, node: node.name, nodeReason: nodeReason ?? node.reason, pveVersion: host.version.version, identity: host.identity,
            containerStorage: storages.container, templateStorage: storages.template, template: template, ctid: ctid,
            createRequest: request, setsPasswordInside: setsPasswordInside, deviceNotes: deviceNotes, substitutions: substitutions,
            warnings: warnings, ownershipMark: options.savedMark?.ownershipMark ?? CreatePlan.makeOwnershipMark(),
            provisioning: provisioning, nodeShellCheck: nodeShellCheck, madeAt: options.savedMark?.madeAt ?? now())
        // Every list the plan shows comes from these values: what the run carries out is what they show.
        let plan = try makePlan(decided)
        try await checkPrivileges(plan, read: await privilegesRead)
        return plan
    }

    /// Plans, then builds. On failure after the container exists, removes it (see the type's documentation).
    public func create(_ spec: ContainerSpec) async throws(BuildError) -> BuildResult {
        let plan = try await self.plan(spec)
        for substitution in plan.substitutions { events(.warning(substitution.message)) }
        for warning in plan.warnings { events(.warning(warning)) }
        return try await execute(plan)
    }

    /// Builds what `plan` says.
    public func execute(_ plan: CreatePlan) async throws(BuildError) -> BuildResult {
        let state = BuildState(node: plan.node, unfinished: options.unfinished, kept: options.keepOnFailure)
        do {
            var result = try await run(plan, state: state)
            result.substitutions = plan.substitutions
            await state.settled()
            return result
        } catch {
            var failure = error
            let recovery = await state.recovery
            // The failure is told before the cleanup starts, so the cleanup is shown as what follows it.
            events(.failed(await state.step ?? .create, failure.message))
            if let ctid = await state.createdCTID {
                if options.keepOnFailure || recovery?.keepsContainer == true {
                    events(.warning("keeping container \(ctid) on \(plan.node) for debugging (--keep-on-failure); remove it with `pct destroy \(ctid)`"))
                } else {
                    failure.cleanupProblems = await removeAfterFailure(ctid: ctid, node: plan.node, after: await state.runningCreateTask)
                    if failure.cleanupProblems.isEmpty { await state.settled() }
                }
            }
            if let recovery, failure.cleanupProblems.isEmpty, let result = try await rebuild(plan, after: recovery) { return result }
            throw failure
        }
    }
}

/// What a build has done so far; read by the cleanup, and mirrored in ``ContainerBuilder/Options/unfinished``.
actor BuildState {
    private(set) var createdCTID: Int?
    /// The create task while it runs: a container being created (and, with `start=1`, started) is locked until it
    /// ends, so the cleanup asks PVE to stop it and waits for that before removing the container.
    private(set) var runningCreateTask: UPID?
    private(set) var step: BuildStep?
    private(set) var recovery: RecoveryAction?
    private let node: String
    private let unfinished: UnfinishedContainers?
    private let kept: Bool

    init(node: String, unfinished: UnfinishedContainers?, kept: Bool) {
        self.node = node
        self.unfinished = unfinished
        self.kept = kept
    }

    func created(_ ctid: Int, task: UPID? = nil) {
        createdCTID = ctid
        runningCreateTask = task
        unfinished?.created(ctid, node: node, taskRunning: task != nil, kept: kept)
    }
    func createTaskEnded() {
        runningCreateTask = nil
        if let createdCTID { unfinished?.createTaskEnded(createdCTID, node: node) }
    }
    /// The container is finished, or removed: no longer at stake.
    func settled() {
        if let createdCTID { unfinished?.settled(createdCTID, node: node) }
    }
    func entered(_ step: BuildStep) { self.step = step }
    func recover(_ action: RecoveryAction) { recovery = action }
}

/// Asks the user. The CLI provides whiptail or numbered prompts; every question has a default.
public protocol Chooser: Sendable {
    /// Picks one of `options`; `nil` means the user cancelled.
    func choose(_ question: String, options: [String], defaultIndex: Int) async -> Int?
    /// Yes or no.
    func confirm(_ question: String, defaultAnswer: Bool) async -> Bool
}
