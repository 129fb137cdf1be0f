import ArgumentParser
import ContainerKit
import Foundation

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
            --backup STORAGE (vzdump first) or --no-snapshot is given. A container whose OS is not the one the app's \
            script declares is refused (238) unless --ignore-os-mismatch or var_ignore_os_mismatch=yes. After the update, \
            within 120 s, the container must run, the services active before must still be, and the app's URL (the \
            catalog script's http://${IP}:PORT, or --health-url) must answer below 500, asked from the node with curl; \
            an unhealthy container is rolled back as a failed update is (82) and checked again (--no-health-check skips \
            this). The plan is \
            printed and asked about unless --yes. A failed update keeps its log (its path is printed).
            """)

    @Argument(help: "Container ID.") var ctid: Int
    @Option(help: "The app (its ct/APP.sh in the catalog), when the container's notes and tags do not name it.") var app: String?
    @Option(help: "App catalog in community-scripts' layout (ct/<app>.sh, misc/build.func): a folder or an https:// URL (default: community-scripts' repository). [environment: LXC_BUILD_CATALOG_CA_FILE trusts a private catalog's CA]")
    var catalog: String?
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
    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not ask.") var yes = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        try OptionChecks.ctid(ctid)
        try OptionChecks.node(node)
        if let nodeShell {
            do { _ = try NodeShellChoice(parsing: nodeShell) } catch { throw ValidationError("--node-shell: \(error.message)") }
        }
        try CatalogSource.validate(catalog)
        do throws(BuildError) { _ = try options() } catch { throw ValidationError(error.message) }
    }

    /// The update's options from the flags, checked by ContainerKit's rules (``ContainerUpdate/Options/validate()``).
    private func options() throws(BuildError) -> ContainerUpdate.Options {
        var options = ContainerUpdate.Options()
        options.app = app
        options.node = node
        options.keepSnapshot = keepSnapshot
        options.protection = try ContainerUpdate.Options.protection(snapshot: snapshot, backup: backup)
        options.ignoreOSMismatch = ignoreOSMismatch
        options.healthCheck = !noHealthCheck
        options.health.url = healthURL
        try options.validate()
        return options
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let environment = ProcessInfo.processInfo.environment
            let choice = try nodeShell.map { text throws(NodeShellError) in try NodeShellChoice(parsing: text) } ?? NodeShellChoice.detected()
            var options = try options()
            try options.readEnvironment(environment)
            let quiet = json
            if case .folder(let folder)? = try CatalogSource(catalog: catalog, environment: environment).location {
                options.catalogDirectory = folder
            } else {
                options.fetchCatalog = { app throws(BuildError) in
                    do {
                        return try await CatalogSource.folder(catalog: catalog, app: app, environment: environment, optionalFiles: ["misc/build.func"]) { line in
                            if !quiet { TerminalOutput.shared.line(line, to: .errors) }
                        }
                    } catch {
                        throw BuildError.fromCommandLine(error)
                    }
                }
            }
            // The log folder is checked before anything changes, as create checks it.
            options.logDirectory = RunLog.folder(environment: environment)
            do throws(LogFileError) {
                try LogFile.prepareFolder(options.logDirectory, origin: RunLog.folderOrigin(environment: environment))
            } catch {
                throw error.buildError
            }
            options.redactor = Redactor(environment: environment)
            let update = ContainerUpdate(client: try connection.client(), shell: choice.makeShell(), options: options) { line in
                if !quiet { TerminalOutput.shared.line("… \(line)", to: .errors) }
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
            let trap = SignalTrap()
            let work = Task { () -> Result<UpdateResult, BuildError> in
                do throws(BuildError) { return .success(try await update.execute(plan)) } catch { return .failure(error) }
            }
            trap.cancel(work)
            var outcome = await work.value
            if case .failure(let error) = outcome, let stop = trap.reason { outcome = .failure(error.stopped(by: stop)) }
            let result = try outcome.get()
            for warning in result.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
            if json {
                ResultRendering.emitJSON(UpdateReport(result: result))
            } else {
                let version = result.version.map { " (version \($0))" } ?? ""
                let kept = result.snapshotKept ? plan.snapshotName.map { "; snapshot \($0) kept" } ?? "" : ""
                TerminalOutput.shared.line("\(plan.appName) in container \(ctid) updated\(version)\(kept).")
                if let health = result.health { TerminalOutput.shared.line("Health after the update: \(health.summary).") }
            }
        }
    }
}
