import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation
import Synchronization

/// `lxc-build apply FILE`: creates the containers of a stack file that do not exist yet.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the containers of a stack file that do not exist yet; report (or --converge, --prune) the rest.",
        discussion: """
            FILE is YAML (Docs/stacks.md): defaults (app, node, settings) and containers keyed by name, each with \
            an app, a node (a name or auto) and var_* settings, checked as everywhere. One login and one read of the \
            cluster serve the whole stack; creates run concurrently (--concurrency). A container whose notes carry \
            the stack's marker (lxc-build stack: NAME CONTAINER proof=HMAC) with a proof the stack's key verifies \
            (LXC_BUILD_STACK_KEYS, else /var/lib/lxc-build/stack-keys as root, else \
            $XDG_STATE_HOME/lxc-build/stack-keys; made on the first apply) exists: it is left alone and settings that \
            differ from the file are reported as drift; --converge changes in place what can be (PUT config and \
            resize requests shown in the plan) and lists what needs a rebuild. A container with the stack's proved \
            marker for a name the file no longer lists is an orphan: reported, and removed by --prune (backed up \
            first as destroy does; a protected one is refused, 77). --detailed-exitcode exits 2 when the run \
            succeeded and the stack differs from its file (Terraform's rule). A marker whose proof does not hold (a clone, a \
            copy, another machine's key, an older lxc-build's marker), or two containers claiming one, stop the run \
            before any change (64), naming each; --adopt NAME=ID proves an older marker, or takes a container without one. At most 1 MiB and 1,000 \
            containers per file. A container that fails is removed again, as a \
            single create's is, and the others go on: exit 84 when some failed and others exist or were created. \
            Ctrl-C removes what this run created. --plan prints every container's plan and changes nothing; without \
            --yes, apply prints the same plans and then asks; it carries out the plan it showed (placement is decided \
            once). --plan --out PLAN.json also saves the plan; apply PLAN.json carries it out as written, and refuses \
            before any change (64) when the stack file was edited (its SHA-256), a node is gone, an id is taken or a \
            request would differ. Static addresses used by other containers or twice in the file, a host name twice \
            in the file and a bridge the node lacks stop the run before any change (64). A run that began writing and does not end with every \
            container there keeps its log (every container's steps, secrets masked; in the folder create uses, its path \
            printed); a successful one, --plan, or one stopped before any write (a refused stack file: every problem \
            listed with its line) leaves none, unless --log FILE chose where it goes.
            """
    )

    @Argument(help: "The stack file (YAML), or a plan saved by apply --plan --out (carried out as written).") var file: String
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var provisioning: ProvisioningFlags
    @Flag(name: .customLong("plan"), help: "Print every container's plan; change nothing (--dry-run is accepted too).") var planOnly = false
    @Flag(name: .customLong("dry-run"), help: .hidden) var dryRun = false
    @Option(name: .customLong("out"), help: ArgumentHelp(
        "With --plan: also write the plan to PLAN (JSON, mode 0600); apply PLAN then carries it out as written, or refuses when the cluster or the file changed.",
        valueName: "PLAN"))
    var out: String?
    @Option(help: "Node for the containers whose stack file names none: a name, or auto (default: PROXMOX_VE_NODE, else create's rule). [environment: PROXMOX_VE_NODE]",
            completion: CompletionValues.nodes)
    var node: String?
    @Flag(name: .customLong("verbose"), help: "On a terminal too, keep a line for each container's step as it starts (without a terminal or with NO_COLOR every start is a line).") var verbose = false
    @OptionGroup var assumeYes: AssumeYesOption
    var yes: Bool { assumeYes.yes }
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Print only warnings, errors and the result.") var quiet = false
    @Option(help: "How many containers are created at the same time.") var concurrency: Int = 4
    @Option(name: .customLong("ip-timeout"), help: "Seconds to wait for each container's address; 0 skips the wait.")
    var ipTimeout: Int = 120
    @OptionGroup var catalogOption: CatalogOption
    var catalog: String? { catalogOption.catalog }
    @Flag(name: .customLong("no-install"), help: "Only create the containers; run no install script.") var noInstall = false
    @OptionGroup var logOption: LogFileOption
    var logFile: String? { logOption.logFile }
    @Option(name: .customLong("adopt"), help: ArgumentHelp(
        "Make container ID the stack's NAME: a marker of NAME without a proof (or one that does not hold) gets the proof of this machine's key; a container with no marker (built by hand or by the community scripts, or exported) with NAME's host name gets the marker. Repeatable.",
        valueName: "NAME=ID"))
    var adopt: [String] = []
    @Flag(help: "Change in place what of an existing container's drift can be (cores, memory, swap, root disk growth, tags, startup...): PUT config and resize requests, shown in the plan; list what needs a rebuild.")
    var converge = false
    @Flag(help: "Remove the stack's orphans (containers with its proved marker the file no longer lists), each backed up first as destroy does; a protected one is refused (77).")
    var prune = false
    @Flag(name: .customLong("no-backup"), help: "With --prune: remove the orphans without a backup.") var noBackup = false
    @Option(name: .customLong("backup-storage"), help: ArgumentHelp("With --prune: the storage the orphans' backups go to (default: the only one that takes backups on their nodes).",
                                                                     valueName: "STORAGE"))
    var backupStorage: String?
    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 2 when the run succeeded and the stack differs from its file (to create or change, drift, orphans), 0 when it does not (Terraform's rule).")
    var detailedExitcode = false

    func validate() throws {
        _ = try adoptions()
        if planOnly && !adopt.isEmpty { throw ValidationError("--adopt writes into the containers' notes; --plan changes nothing: use one") }
        if out != nil && !(planOnly || dryRun) { throw ValidationError("--out writes the plan --plan makes: give --plan too") }
        try validateChanges()
        try OptionChecks.check { () throws(BuildError) in
            try StackRunner.checkConcurrency(concurrency)
            try BuildOverrides.checkIPTimeout(ipTimeout)
        }
        try OptionChecks.node(node, allowAuto: true)
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // A second signal ends the process at once, naming the containers still listed here.
        let unfinished = UnfinishedContainers()
        let trap = SignalTrap(unfinished: unfinished)
        if dryRun { PlanSpelling.note(given: "apply --dry-run", canonical: "apply --plan") }
        let planOnly = planOnly || dryRun
        let log: RunLog
        do {
            log = try RunLog(redactor: Redactor(environment: environment), environment: environment, chosen: logFile,
                             escaping: { TerminalText.escaped($0) })
        } catch {
            throw error.buildError
        }
        let progress = StackProgress(quiet: json || quiet, verbose: verbose, log: log, environment: environment)
        // Set once the run starts writing to Proxmox VE or the node: only such a run's failure keeps its log.
        let wrote = Mutex(false)
        let work = Task { () -> Result<StackOutcome, BuildError> in
            do {
                let saved = try savedPlan(planOnly: planOnly)
                if !planOnly && !yes { try Confirmation.requireTerminal("apply") }
                // The digest of the bytes read, taken before they are read: a file edited meanwhile fails the saved plan.
                let digest = try out.map { _ throws(BuildError) in try SavedStackPlan.digest(ofFile: file) }
                var stack = try await load(saved?.file ?? file, environment: environment, events: progress.handle)
                for index in stack.members.indices { stack.members[index].options.unfinished = unfinished }
                // The file's secrets (passwords, tokens) too, before any line about its containers is written.
                log.addSecrets(stack.members.flatMap(\.secrets))
                let runner = StackRunner(client: try connection.client(), concurrency: concurrency, events: progress.handle)
                try await runner.adopt(try adoptions(), into: stack, writing: { wrote.set(true) })
                // Placement is decided here, once: what follows carries out this plan as it is shown.
                let options = try changeOptions(client: runner.client, log: log)
                let plan = if let saved {
                    try await runner.plan(stack, following: saved, pruneBackup: saved.pruneBackup(client: runner.client, log: log, progress: backupProgress))
                } else { try await runner.plan(stack, options: options) }
                progress.settle()
                if planOnly {
                    if let out, let digest { try SavedStackPlan(plan: plan, fileDigest: digest).write(to: out) }
                    return .success(.planned(plan))
                }
                if plan.writes && (!yes || !(json || quiet)) {
                    // The plan apply carries out, shown before it starts; the question comes after the plans it is about.
                    TerminalOutput.shared.line(StackRendering.lines(plan).joined(separator: "\n"), to: json ? .errors : .output)
                }
                if !yes && plan.writes {
                    try Confirmation.ask(Self.question(plan), command: "apply", declined: "nothing was created or changed")
                }
                wrote.set(true)
                return .success(.applied(await runner.apply(plan)))
            } catch {
                return .failure(BuildError.fromCommandLine(error))
            }
        }
        trap.cancel(work)
        let outcome = await work.value
        progress.settle()
        switch outcome {
        case .failure(var error):
            if let stop = trap.reason { error = error.stopped(by: stop) }
            // Only a run that failed after it started writing keeps its log (RunLog.finish), and it is named.
            if let kept = log.finish(failure: error, afterWriting: wrote.get()) { TerminalOutput.shared.line("Full log: \(kept)", to: .errors) }
            try ResultRendering.print(.failure(error), json: json)
        case .success(.planned(let plan)):
            log.discard()
            if let stop = trap.reason {
                try ResultRendering.print(.failure(BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted").stopped(by: stop)), json: json)
            }
            try StackRendering.print(plan, json: json)
            let ending = plan.exitCode(detailed: detailedExitcode)
            if !ending.isSuccess { throw ExitCode(ending) }
        case .success(.applied(let result)):
            var code = result.exitCode
            if let stop = trap.reason { code = BuildError(exitCode: code, message: "").stopped(by: stop).exitCode }
            let failure = code.isSuccess ? nil : BuildError(exitCode: code, message: "stack \(result.stack)")
            if let kept = log.finish(failure: failure, afterWriting: true,
                                     details: result.failures.map { "\($0.0): exit \($0.1.exitCode): \($0.1.description)" }) {
                TerminalOutput.shared.line("Full log: \(kept)", to: .errors)
            }
            StackRendering.print(result, exitCode: code, json: json)
            if !code.isSuccess { throw ExitCode(code) }
            let ending = result.exitCode(detailed: detailedExitcode)
            if !ending.isSuccess { throw ExitCode(ending) }
        }
    }

    /// The stack file, each container resolved as `create` resolves its settings (``Stack/load(file:environment:catalog:node:overrides:shell:keyFolder:events:fetched:)``).
    private func load(_ path: String, environment: [String: String], events: @escaping StackEventHandler) async throws -> Stack {
        var overrides = BuildOverrides(environment: environment, connection: connection.settings)
        overrides.ipTimeout = .seconds(ipTimeout)
        overrides.runInstallScript = !noInstall
        provisioning.apply(to: &overrides)
        return try await Stack.load(
            file: path, environment: environment, catalog: try CatalogSource(catalog: catalog, environment: environment),
            node: NodeRequest(flag: node, environment: environment), overrides: overrides, shell: try provisioning.shell(),
            events: events, fetched: { TemporaryFolders.shared.add($0) },
            clusterNodes: { [client = try? connection.client()] in try? await client?.nodes() })
    }
}

extension ApplyCommand {
    /// The saved plan FILE is, checked against its stack file; `nil` when FILE is a stack file.
    /// - Throws: ``BuildError`` (64) for a saved plan given with `--plan`, `--out`, `--adopt` or `--node`, of another version, or
    ///   whose stack file was edited since.
    func savedPlan(planOnly: Bool) throws(BuildError) -> SavedStackPlan? {
        try SavedStackPlan.load(file, withStackFileOptions: planOnly || out != nil || !adopt.isEmpty || node != nil || converge || prune)
    }
}

/// What `apply` ends with.
enum StackOutcome: Sendable {
    case planned(StackPlan)
    case applied(StackResult)
}
