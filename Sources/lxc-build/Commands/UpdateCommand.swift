import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build update CTID`: the app's update as the catalog runs it, protected by a snapshot.
struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Run a container's app update as the community-scripts catalog does, with a snapshot to roll back to.",
        discussion: """
            Runs the ct script's update path (update_script) inside the container through the node shell, with the \
            catalog's build.func, unattended (PHS_SILENT=1), as the container's /usr/bin/update does. The app comes \
            from the container's notes or tags, or --app. The node shell must reach the container's node, checked \
            before anything is changed as create checks it (81 otherwise). Before the update: a snapshot lxc-build-update-<time> where \
            every volume's storage can take one (lvmthin, zfspool, rbd, btrfs), rolled back to (and the container \
            started again) when the update fails (exit 82; 83 when the rollback fails too, the snapshot kept) and \
            removed after success unless --keep-snapshot. Where the storage cannot snapshot, update refuses unless \
            --backup STORAGE (vzdump first, restored over the container when the update fails: 82, or 83 naming the \
            archive) or --no-snapshot is given. A container whose OS is not the one the app's \
            script declares is refused (238) unless --ignore-os-mismatch or var_ignore_os_mismatch=yes. After the update, \
            within 120 s, the container must run, the services active before must still be, and the app's URL (the \
            catalog script's http://${IP}:PORT, or --health-url) must answer below 500, asked from the node with curl; \
            an unhealthy container is rolled back as a failed update is (82) and checked again (--no-health-check skips \
            this). The plan is \
            printed and asked about unless --yes. A failed update keeps its log (its path is printed). A stopped \
            container is started for its update (its OS checked then) and stopped again afterwards; where the app's \
            script declares more cores or memory (var_cpu, var_ram) than the container has, they are raised for the \
            update and restored after, success or failure.

            Several containers (CTID..., --all, --tag TAG or --stack FILE, narrowed by --running or --stopped): each is \
            planned, the plan of all is printed and asked about once, then they are updated one per node at a time \
            (--parallel N: at most N at a time). Without --continue-on-error the first failure starts no more (the \
            others are reported not started); each failed one is rolled back either way. One table (or one --json \
            document) at the end; exit 0 when all were updated, 85 when some were not (a single selected container's \
            own code). Ctrl-C rolls back what is running and starts nothing more.

            --check reads only: per container the installed version (~/.<app> inside, or the notes' Version), the \
            latest release of the repository of the script's check_for_gh_release (GitHub releases API; \
            --github-api or LXC_BUILD_GITHUB_API for a mirror; var_github_token or GITHUB_TOKEN against its rate \
            limit) and the OS's pending package updates (apt, apk); unknown where it cannot be told.
            """)

    @Argument(help: "Container IDs.") var ctids: [Int] = []
    @Flag(help: "Every container lxc-build or the community scripts built (as list shows them).") var all = false
    @Option(help: "The built containers carrying this tag.") var tag: String?
    @Option(help: ArgumentHelp("The containers of this stack file (those carrying its proved marker).", valueName: "FILE")) var stack: String?
    @Flag(help: "Only the running ones of the selection.") var running = false
    @Flag(help: "Only the stopped ones of the selection.") var stopped = false
    @Option(help: "How many updates run at the same time (default: one per node at a time).") var parallel: Int?
    @Flag(name: .customLong("continue-on-error"), help: "Go on starting updates after one failed (each failed one is rolled back either way).")
    var continueOnError = false
    @Flag(help: "Read only: installed and latest versions, pending OS updates.") var check = false
    @Flag(help: "Update the OS packages inside (apt, apk, dnf, pacman, zypper, unattended) instead of the app, with the same snapshot, health check and rollback.")
    var os = false
    @Flag(help: "With --os: reboot a container whose OS asks for a restart afterwards, and check its health again.") var reboot = false
    @Option(name: .customLong("github-api"), help: "GitHub API base URL for --check (default: https://api.github.com). [environment: LXC_BUILD_GITHUB_API]")
    var githubAPI: String?
    @Option(help: "The app (its ct/APP.sh in the catalog), when the container's notes and tags do not name it.") var app: String?
    @OptionGroup var catalogOption: CatalogOption
    var catalog: String? { catalogOption.catalog }
    @Option(help: "Node the container is on (found through /cluster/resources when left out).", completion: CompletionValues.nodes) var node: String?
    @Option(name: .customLong("node-shell"),
            help: "How to reach the node: local or ssh://[user@]host[:port] (default: local on a Proxmox VE node, else none, which update refuses).")
    var nodeShell: String?
    @Flag(inversion: .prefixedNo, help: "Take a snapshot first and roll back to it when the update fails (default where the storage can snapshot).")
    var snapshot: Bool?
    @Flag(name: .customLong("keep-snapshot"), help: "Keep the snapshot after a successful update.") var keepSnapshot = false
    @Option(help: ArgumentHelp("Back the container up to STORAGE first (vzdump), where its storage cannot snapshot.", valueName: "STORAGE"))
    var backup: String?
    @Flag(name: .customLong("ignore-os-mismatch"), help: "Update even when the container's OS is not the app's (var_ignore_os_mismatch).")
    var ignoreOSMismatch = false
    @Flag(name: .customLong("no-health-check"), help: "Do not check the container's health after the update (running, its services, its app URL).")
    var noHealthCheck = false
    @Option(name: .customLong("health-url"), help: ArgumentHelp("The URL the health check asks, instead of the catalog script's http://${IP}:PORT.", valueName: "URL"))
    var healthURL: String?
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var assumeYes: AssumeYesOption
    var yes: Bool { assumeYes.yes }
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        for ctid in ctids { try OptionChecks.ctid(ctid) }
        do throws(BuildError) {
            _ = try ContainerSelection.status(running: running, stopped: stopped)
            let options = try options()
            let checking = try UpdateCheck.Options(update: options, githubAPI: githubAPI, environment: [:])
            if check { try checking.validate() }
            try fleetOptions(options).validate()
            try selection.validate()
        } catch {
            throw ValidationError(error.message)
        }
        try OptionChecks.node(node)
        if let nodeShell {
            do { _ = try NodeShellChoice(parsing: nodeShell) } catch { throw ValidationError("--node-shell: \(error.message)") }
        }
    }

    /// The update's options as the flags give them (ContainerKit checks them: ``ContainerUpdate/Options/validate()``).
    private func options() throws(BuildError) -> ContainerUpdate.Options {
        var options = ContainerUpdate.Options()
        options.app = app
        options.node = node
        options.keepSnapshot = keepSnapshot
        options.protection = try ContainerUpdate.Options.protection(snapshot: snapshot, backup: backup)
        options.ignoreOSMismatch = ignoreOSMismatch
        options.healthCheck = !noHealthCheck
        options.health.url = healthURL
        options.target = os ? .os : .app
        options.rebootIfRequired = reboot
        return options
    }

    /// The fleet's options around `update`'s: `--parallel` and `--continue-on-error`.
    func fleetOptions(_ update: ContainerUpdate.Options) -> FleetUpdate.Options {
        var options = FleetUpdate.Options(update: update)
        options.parallel = parallel
        options.continueOnError = continueOnError
        return options
    }

    /// The containers the arguments select (`--running`/`--stopped` checked in ``validate()``).
    var selection: FleetSelection {
        FleetSelection(ids: ctids, all: all, tag: tag, stackFile: stack, status: try? ContainerSelection.status(running: running, stopped: stopped))
    }

    /// The update's options set up from the environment by ContainerKit
    /// (``ContainerUpdate/Options/prepared(environment:catalog:checkOnly:announce:fetchedFolder:)``), the client and
    /// the node shell: what the single update, the fleet and --check share.
    private func prepared(environment: [String: String]) async throws -> (ContainerUpdate.Options, ProxmoxClient, (any NodeShell)?) {
        let choice = try nodeShell.map { text throws(NodeShellError) in try NodeShellChoice(parsing: text) } ?? NodeShellChoice.detected()
        let quiet = json
        let options = try options().prepared(environment: environment, catalog: catalog, checkOnly: check, announce: { line in
            if !quiet { TerminalOutput.shared.line(line, to: .errors) }
        }, fetchedFolder: { TemporaryFolders.shared.add($0) })
        return (options, try connection.client(), choice.makeShell())
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let environment = ProcessInfo.processInfo.environment
            let (options, client, shell) = try await prepared(environment: environment)
            if check { return try await runCheck(options: options, client: client, shell: shell, environment: environment) }
            guard let ctid = selection.singleContainer else {
                return try await runFleet(options: options, client: client, shell: shell, environment: environment)
            }
            let update = ContainerUpdate(client: client, shell: shell, options: options) { line in
                if !json { TerminalOutput.shared.line("… \(line)", to: .errors) }
            }
            let plan = try await update.plan(ctid: ctid)
            let stream: TerminalOutput.Stream = json ? .errors : .output
            TerminalOutput.shared.line("Update of \(plan.appName) (\(plan.app), from \(plan.appSource)) in container \(ctid) on \(plan.node):", to: stream)
            for (index, step) in plan.steps.enumerated() { TerminalOutput.shared.line("  \(index + 1). \(step)", to: stream) }
            for warning in plan.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
            if !yes {
                try Confirmation.ask("Update container \(ctid)?", command: "update", declined: "container \(ctid) was not updated")
            }
            // From here a signal or a closed output cancels the update, which is rolled back as a failed one is.
            let result = try await SignalTrap.running { () throws(BuildError) in try await update.run(plan) }
            for warning in result.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
            if json {
                ResultRendering.emitJSON(UpdateReport(result: result))
            } else {
                let version = result.version.map { " (version \($0))" } ?? ""
                let kept = result.snapshotKept ? plan.snapshotName.map { "; snapshot \($0) kept" } ?? "" : ""
                TerminalOutput.shared.line("\(plan.appName) in container \(ctid) updated\(version)\(kept).")
                if let health = result.health { TerminalOutput.shared.line("Health after the update: \(health.summary).") }
                if result.rebooted {
                    TerminalOutput.shared.line("Its OS asked for a restart: container \(ctid) was rebooted.")
                } else if result.rebootRequired == true {
                    TerminalOutput.shared.line("Its OS asks for a restart: pct reboot \(ctid), or --reboot next time.")
                }
            }
        }
    }
}
