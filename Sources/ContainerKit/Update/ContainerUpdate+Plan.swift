import ConfigResolution
import Foundation
import ProxmoxAPI

extension ContainerUpdate {
    /// Decides the update of `ctid` with reads only: its node, configuration and status, the app (``Options/app``,
    /// the notes, else the container's own `/usr/bin/update` read as data: then its resources are not raised), the
    /// catalog's files, whether its storages can snapshot, and its OS through the node shell.
    /// Before its first command the node shell is proven to reach the container's node, with the check create makes
    /// (``NodeInspection/verify(node:)``); every command through it ends by ``Options/commandTimeout``.
    /// - Throws: ``BuildError``: 234 no such container; 64 no node shell, no app, no script or a storage that cannot
    ///   snapshot without `--backup`/`--no-snapshot`; 80 a retired app; 81 the node shell is unusable or is not the
    ///   container's node; 115 no `misc/build.func`; 117 the container is not running (unless
    ///   ``Options/startStopped``: then its OS is checked once started, by ``run(_:)``); 124 a read inside the
    ///   container did not end by the deadline; 238 its OS is not the app's (unless ignored); 1 another lxc-build run
    ///   on this machine acts on the container now (``Options/operationLock``).
    public func plan(ctid: Int) async throws(BuildError) -> UpdatePlan {
        try options.operationLock?.checkFree(ctid: ctid, server: client.transport.server)
        if options.target == .os { return try await planOS(ctid: ctid) }
        guard let shell else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "update runs the app's update inside container \(ctid) and --node-shell is none",
                             hint: "Run lxc-build on the node, or give --node-shell ssh://root@NODE.")
        }
        let (node, config, status) = try await ContainerLookup.read(ctid, given: options.node, client: client)
        let notes = BuiltContainerNotes(config: config)
        let inspection = NodeInspection.checksNode(of: shell)
            ? NodeInspection(shell: shell, timeout: options.commandTimeout, leftUndone: "nothing was changed") : nil
        let (app, appSource): (String, String)
        var namedInside = false
        do throws(BuildError) {
            (app, appSource) = try Self.app(given: options.app, notes: notes, ctid: ctid)
        } catch {
            // As community-scripts' update-apps: the app of the container's own `update` command, read as data, through
            // a shell proved to reach the container's node; otherwise the refusal stands.
            guard status.isRunning, config.lock == nil, await reachesNode(node, inspection),
                  let found = try await appOfUpdateCommand(ctid: ctid, shell: shell) else { throw error }
            (app, appSource, namedInside) = (found, Self.updateCommandSource, true)
        }
        var directory = options.catalogDirectory
        if directory == nil, let fetchCatalog = options.fetchCatalog { directory = try await fetchCatalog(app) }
        let (definition, script, functions) = try Self.catalogFiles(app: app, directory: directory)
        try refuseUnupdatable(ctid, config: config, status: status)
        var plan = UpdatePlan.Draft(
            ctid: ctid, node: node, app: app, appSource: appSource, appName: definition.name, target: .app,
            script: Self.updateScript(script), functions: functions, notes: config.options.description ?? "")
        plan.declaredRelease = [definition.declaredDefaults[.os], definition.declaredDefaults[.version]]
        if namedInside {
            // What the container says is data: it may choose its own update, not more cores or memory from the node.
            plan.warnings.append("the app is named only by the container's own \(Self.updateCommandPath) (\(app)): its cores and memory are not "
                + "raised for the update; give --app \(app) to allow that")
        } else {
            planResources(&plan, declared: definition.declaredDefaults, config: config)
        }
        if !status.isRunning { planStart(&plan) }
        try await protect(&plan, config: config)
        try await inspection?.verify(node: node)
        if status.isRunning { try await checkOS(&plan, shell: shell) }
        plan.actions.append(.updateApp(app: app, ctid: ctid, shell: shell.name))
        try await planHealth(&plan, catalogDirectory: directory, shell: shell)
        planRollback(&plan)
        plan.actions.append(.recordVersion(app: app))
        planRestore(&plan)
        return UpdatePlan(plan)
    }

    /// Refuses a container the update cannot run in: stopped (117, unless ``Options/startStopped``) or locked (1).
    func refuseUnupdatable(_ ctid: Int, config: ContainerConfig, status: ContainerStatus) throws(BuildError) {
        guard status.isRunning || options.startStopped else {
            throw BuildError(exitCode: BuildExitCode.notRunning, message: "container \(ctid) is \(status.status): the update runs inside it",
                             hint: "Start it first (pct start \(ctid)), then run the update again.")
        }
        if let lock = config.lock {
            throw BuildError(exitCode: BuildExitCode.general, message: "container \(ctid) is locked (\(lock)) by another operation",
                             hint: "Wait for it to end, or remove a stale lock with `pct unlock \(ctid)`.")
        }
    }

    /// The plan's steps for a failure: the rollback to the snapshot (and its removal after success), or the restore
    /// of the backup taken first.
    func planRollback(_ plan: inout UpdatePlan.Draft) {
        if let snapshot = plan.snapshotName {
            plan.actions.append(.rollBackOnFailure(snapshot: snapshot))
            plan.actions.append(.settleSnapshot(name: snapshot, keep: options.keepSnapshot))
        } else if plan.backupStorage != nil {
            plan.actions.append(.restoreBackupOnFailure(ctid: plan.ctid))
        }
    }

    /// The app: `given`, else the notes' app; 64 when neither names one.
    static func app(given: String?, notes: BuiltContainerNotes?, ctid: Int) throws(BuildError) -> (String, String) {
        if let given { return (given.lowercased(), "--app") }
        if let app = notes?.app, CatalogFetcher.isAppID(app) {
            return (app, notes?.origin == .lxcBuild ? "the notes lxc-build wrote" : "the community-scripts notes")
        }
        throw BuildError(exitCode: BuildExitCode.usage, message: "container \(ctid)'s notes and tags do not name its app",
                         hint: "Give it with --app APP (the name of its ct/APP.sh in the catalog).")
    }

    /// The app's definition, its ct script and the catalog's build.func.
    static func catalogFiles(app: String, directory: String?) throws(BuildError) -> (AppDefinition, String, String) {
        let definition = try AppCatalog(directory: directory).definition(for: app)
        guard let directory, let path = definition.scriptPath, !definition.isBaseOS else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "'\(app)' is a base OS: the catalog has no update for it",
                             hint: "Update the OS inside the container with its package manager.")
        }
        guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(path) cannot be read")
        }
        guard script.contains(#/(function\s+update_script|update_script\s*\(\s*\))/#) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(path) has no update_script: the catalog has no update for '\(app)'")
        }
        let functionsPath = (directory as NSString).appendingPathComponent("misc/build.func")
        guard let functions = try? String(contentsOfFile: functionsPath, encoding: .utf8), functions.count >= 100 else {
            throw BuildError(exitCode: .functionsMissing, message: "\(functionsPath) is missing or shorter than 100 characters",
                             hint: "The catalog needs misc/build.func, as community-scripts has it: the update runs with its functions.")
        }
        return (definition, script, functions)
    }

    /// The line an update starts with: it reads the container's proxy profile, which create (as build.func) writes
    /// for `var_http_proxy`, so the update's downloads go through the proxy the container was set up with, as they do
    /// when an admin runs `update` in a login shell there. It runs inside the container, as its root, like the script.
    static let proxyProfilePrelude = "if [ -r /etc/profile.d/90-http-proxy.sh ]; then . /etc/profile.d/90-http-proxy.sh; fi"

    /// The ct script with its `source <(curl …/misc/build.func)` line reading the catalog's build.func from its
    /// standard input instead, after ``proxyProfilePrelude``. Not from the environment: Linux refuses one variable
    /// over 128 KiB, and community-scripts' build.func is larger.
    static func updateScript(_ script: String) -> String {
        let replacement = "source /dev/stdin"
        var found = false
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let text = line.trimmingCharacters(in: .whitespaces)
            if (text.hasPrefix("source ") || text.hasPrefix(". ")) && text.contains("misc/build.func") {
                found = true
                return replacement
            }
            return String(line)
        }
        var all = lines
        let at = all.first?.hasPrefix("#!") == true ? 1 : 0
        all.insert(contentsOf: found ? [proxyProfilePrelude] : [proxyProfilePrelude, replacement], at: at)
        return all.joined(separator: "\n")
    }

    /// The snapshot (or backup) the update is protected by, decided from the storages of the container's volumes.
    func protect(_ plan: inout UpdatePlan.Draft, config: ContainerConfig) async throws(BuildError) {
        var volumes = config.options.rootfs.map { [("rootfs", $0.volume)] } ?? []
        for (index, mount) in config.options.mountPoints.sorted(by: { $0.key < $1.key }) { volumes.append(("mp\(index)", mount.volume)) }
        let stored = volumes.compactMap { key, volume -> (String, String)? in
            guard !volume.hasPrefix("/"), let colon = volume.firstIndex(of: ":") else { return nil }
            return (key, String(volume[..<colon]))
        }
        let types: [String: String]
        do throws(ProxmoxError) {
            types = Dictionary(try await client.node(plan.node).storages().map { ($0.storage, $0.type) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw BuildError.api(error, during: "reading the storages of node \(plan.node)")
        }
        let unable = stored.filter { !Self.snapshotStorageTypes.contains(types[$0.1] ?? "") }
        let described = stored.map { "\($0.0) on \($0.1) (\(types[$0.1] ?? "unknown type"))" }.joined(separator: ", ")
        switch options.protection {
        case .none:
            plan.warnings.append("no snapshot and no backup (--no-snapshot): a failed update cannot be undone")
        case .backup(let storage):
            plan.rootStorage = stored.first { $0.0 == "rootfs" }?.1
            plan.actions.append(.backUp(ctid: plan.ctid, storage: storage))
        case .automatic, .snapshot:
            guard unable.isEmpty, !stored.isEmpty else {
                let which = unable.map { "\($0.0) on \($0.1) (\(types[$0.1] ?? "unknown type"))" }.joined(separator: ", ")
                throw BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "container \(plan.ctid) cannot be snapshotted: \(which.isEmpty ? "it has no volume on a storage" : which) "
                        + "(snapshots need \(Self.snapshotStorageTypes.sorted().joined(separator: ", ")))",
                    hint: "Give --backup STORAGE to back it up first (vzdump), or --no-snapshot to update it unprotected.")
            }
            let stamp = DateFormatter()
            stamp.locale = Locale(identifier: "en_US_POSIX")
            stamp.timeZone = TimeZone(identifier: "UTC")
            stamp.dateFormat = "yyyyMMdd-HHmmss"
            let name = "lxc-build-update-\(stamp.string(from: options.now()))"
            plan.actions.append(.snapshot(ctid: plan.ctid, name: name, volumes: described))
        }
    }
}
