import Foundation
public import ProxmoxAPI

/// Removes a container, or a stack's containers, the way `lxc-build destroy` does: ``plan(ctid:node:)`` and
/// ``plan(stack:keyFolder:)`` decide everything with read requests only (the containers, protection refused, a stack's
/// proved claims in dependants-first order, the backup first) and ``execute(_:)`` carries out the plan's actions.
public struct ContainerDestruction: Sendable {
    /// The connection.
    public let client: ProxmoxClient
    /// Whether a backup is taken first, and where.
    public let options: DestroyOptions
    /// The backup run taken first (its run log, its question among several storages, its progress); `nil` removes without
    /// one. Made from ``DestroyOptions/backupOptions``.
    public let backup: ContainerBackup?

    /// A destruction with `options`; `backup` is the backup run taken first, made with `options`'s
    /// ``DestroyOptions/backupOptions`` (`nil` when `options` takes none).
    /// - Parameters:
    ///   - client: The connection.
    ///   - options: Whether a backup is taken first, and where.
    ///   - backup: The backup run; ignored when `options` takes no backup.
    public init(client: ProxmoxClient, options: DestroyOptions, backup: ContainerBackup?) {
        self.client = client
        self.options = options
        self.backup = options.backUp ? backup : nil
    }

    /// A destruction with `options`, whose backup (when `options` takes one) writes to `log` and says its progress.
    /// - Parameters:
    ///   - client: The connection.
    ///   - options: Whether a backup is taken first, and where.
    ///   - log: Where a failed backup task's log is kept; `nil` writes nothing.
    ///   - progress: Called with a line of progress for each backup step.
    public init(client: ProxmoxClient, options: DestroyOptions, log: RunLog? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.init(client: client, options: options,
                  backup: options.backupOptions.map { ContainerBackup(client: client, options: $0, log: log, progress: progress) })
    }

    /// The plan to remove container `ctid`, with read requests only.
    /// - Parameters:
    ///   - ctid: The container.
    ///   - node: The node it is on; `nil` finds it through `/cluster/resources`.
    /// - Throws: ``BuildError``: 234 when it is not a container of the cluster (or not on `node`), 77 when protection is
    ///   set, 64 for a backup storage that does not take backups or several and none named, 214 for one without room;
    ///   1 when another lxc-build run on this machine acts on it now (``DestroyOptions/operationLock``).
    public func plan(ctid: Int, node: String?) async throws(BuildError) -> DestroyPlan {
        do throws(BuildError) {
            try options.operationLock?.checkFree(ctid: ctid, server: client.transport.server)
            let nodeName = try await ContainerLookup.node(of: ctid, given: node, client: client)
            let config: ContainerConfig
            do throws(ProxmoxError) { config = try await client.node(nodeName).container(ctid).config() } catch {
                throw BuildError.api(error, during: "reading the configuration of container \(ctid)")
            }
            try ContainerRemoval.refuseProtected(config, ctid: ctid)
            let target = DestroyTarget(ctid: ctid, node: nodeName, hostname: config.options.hostname)
            return try await plan(.container(target), removals: [target], leftAlone: [])
        } catch {
            backup?.log?.discard()
            throw error
        }
    }

    /// The plan to remove the containers of `stack`: those whose notes carry its marker with a proof this machine's key
    /// of the stack verifies, dependants first (`depends_on`: the reverse of the order `apply` creates them in); a
    /// container whose claim is not proved is left alone (the run then ends with 64), and so is one with protection set,
    /// neither backed up nor removed (77). Read requests only.
    /// - Parameters:
    ///   - stack: The stack file.
    ///   - keyFolder: Where the stacks' keys are (``StackKey/folder(environment:effectiveUserID:)``; by default from
    ///     the process environment).
    /// - Throws: ``BuildError`` for a key that cannot be read, the API's errors, and the backup plan's as
    ///   ``plan(ctid:node:)``'s.
    public func plan(stack: StackFile, keyFolder: String? = nil) async throws(BuildError) -> DestroyPlan {
        do throws(BuildError) {
            let folder = keyFolder ?? StackKey.folder(environment: ProcessInfo.processInfo.environment)
            let key = try StackKey.load(stack: stack.name, folder: folder)
            let claims = try await StackRunner(client: client).marked(stack: stack.name, key: key,
                                                                       containers: stack.containers.map { ($0.name, $0.hostname) })
            let found = stack.inDestructionOrder(claims.filter { $0.proof == .verified })
            let unproved = claims.filter { $0.proof != .verified }
            let protected = found.filter { $0.config.options.protection == true }
            return try await plan(.stack(stack.name), removals: found.filter { $0.config.options.protection != true }.map(\.destroyTarget),
                                  leftAlone: unproved, protected: protected.map(\.destroyTarget),
                                  notFound: stack.containers.map(\.name).filter { name in !found.contains { $0.name == name } },
                                  marked: found + unproved, key: key, keyPath: StackKey.path(stack: stack.name, folder: folder))
        } catch {
            backup?.log?.discard()
            throw error
        }
    }

    /// The plan of `removals` (in order) after their backup, and of `leftAlone` and `protected`.
    private func plan(_ scope: DestroyPlan.Scope, removals: [DestroyTarget], leftAlone: [StackMarkedContainer], protected: [DestroyTarget] = [],
                      notFound: [String] = [],
                      marked: [StackMarkedContainer] = [], key: StackKey? = nil, keyPath: String? = nil) async throws(BuildError) -> DestroyPlan
    {
        let removal = try await ContainerRemoval.planRemoval(removals.map(\.backupTarget), backup: backup, setting: options.storageSetting)
        var warnings: [String] = []
        if removal.noBackupStorage {
            let nodes = Set(removals.map(\.node)).sorted().joined(separator: ", ")
            warnings.append("no storage takes backups (content backup) on \(nodes): removing without a backup")
        }
        if removal.plan == nil { backup?.log?.discard() }
        var actions: [DestroyAction] = []
        if let storage = removal.plan?.storage {
            let planned = Set(removal.plan?.items.map(\.target.ctid) ?? [])
            actions += removals.filter { planned.contains($0.ctid) }.map { .backUp($0, storage: storage) }
        }
        actions += removals.map(DestroyAction.stopAndDestroy)
        actions += protected.map(DestroyAction.leaveProtected)
        actions += leftAlone.map { .leaveAlone($0.destroyTarget, proof: $0.proof) }
        return DestroyPlan(scope: scope, actions: actions, backup: removal.plan, noBackupStorage: removal.noBackupStorage, notFound: notFound,
                           warnings: warnings, stackKey: key, stackKeyPath: keyPath, marked: marked)
    }
}

extension StackMarkedContainer {
    /// The target of its removal.
    var destroyTarget: DestroyTarget { DestroyTarget(ctid: ctid, node: node, hostname: config.options.hostname, name: name) }
}
