import ProxmoxAPI

/// A container that carries a proved marker of a stack (``StackMarker``, the stack's key verifies it) for a name the
/// stack file no longer lists: `apply` and `apply --plan` report it, `apply --prune` removes it.
public struct StackOrphan: Sendable, Equatable, Codable {
    /// Its name in the stack when it was made (the marker's).
    public var name: String
    /// Its id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Its host name, when known.
    public var hostname: String?
    /// Whether protection is set: `--prune` refuses it (77) and leaves it, as `destroy` does.
    public var isProtected: Bool

    /// An orphan; see the properties.
    public init(name: String, ctid: Int, node: String, hostname: String?, isProtected: Bool) {
        self.name = name
        self.ctid = ctid
        self.node = node
        self.hostname = hostname
        self.isProtected = isProtected
    }

    /// How to remove it by hand, for messages: `apply FILE --prune`, or `destroy ID`, after lifting protection first.
    public func removal(stackFile: String) -> String {
        isProtected
            ? "protection is set: lift it (pct set \(ctid) --protection 0), then lxc-build apply \(stackFile) --prune"
            : "lxc-build apply \(stackFile) --prune (backs it up first), or lxc-build destroy \(ctid)"
    }

    private enum CodingKeys: String, CodingKey {
        case name, ctid, node, hostname
        case isProtected = "protected"
    }

    /// The target of its backup.
    var backupTarget: BackupTarget { BackupTarget(ctid: ctid, node: node, hostname: hostname) }
}

/// What `apply --prune` does with a stack's orphans, decided with the plan: which it removes (after the planned
/// backup) and which it refuses (protection set).
public struct StackPrunePlan: Sendable {
    /// The orphans it removes, in id order.
    public var removals: [StackOrphan]
    /// The orphans with protection set: reported, never removed.
    public var refused: [StackOrphan]
    /// Their backup first, and their removal (``ContainerRemoval/planRemoval(_:backup:setting:)``).
    public var removal: BackedUpRemoval
    /// The removals as the plan found them, for ``StackRunner/destroy(_:stack:key:)``'s check of each once more.
    let containers: [StackMarkedContainer]
    /// The stack's key, that must still prove each one's marker.
    let key: StackKey
}

/// How `apply --prune` ended: what was removed (and the archive of each), and what was not, with why.
public struct StackPruneResult: Sendable {
    /// The orphans removed, with their backup's volume id when one was taken.
    public var removed: [(orphan: StackOrphan, archive: String?)]
    /// The orphans left: protection set (77), a backup that failed (87), or a removal that failed.
    public var failures: [(orphan: StackOrphan, error: BuildError)]
}

extension StackRunner {
    /// The configuration of every container in `guests`: those in `known` as they are, the others read (one request
    /// each, ``concurrency`` at a time); a container removed meanwhile is left out. Orphans carry names the file no
    /// longer lists, so only every container's notes can find them.
    func everyConfig(_ guests: [ClusterResource], known: [Int: ContainerConfig]) async throws(BuildError) -> [Int: ContainerConfig] {
        let unread = NetworkConflicts.containers(in: guests).filter { known[$0.vmid ?? 0] == nil && $0.vmid != nil && $0.node != nil }
        var all = known
        for (guest, config) in try await NetworkConflicts.configs(of: unread, client: client, limit: concurrency,
                                                                  during: "reading the notes of the cluster's containers") {
            all[guest.vmid!] = config
        }
        return all
    }

    /// The orphans of `stack` among `guests`: each container whose notes carry a marker of `stack` for a name its file
    /// does not list, proved by the stack's key (a claim that is not proved is never the stack's, so never an orphan).
    static func orphans(of stack: Stack, guests: [ClusterResource], configs: [Int: ContainerConfig]) -> [StackOrphan] {
        let members = Set(stack.members.map(\.name))
        var found: [StackOrphan] = []
        for guest in NetworkConflicts.containers(in: guests) {
            guard let ctid = guest.vmid, let node = guest.node, let config = configs[ctid] else { continue }
            let notes = config.options.description
            for name in StackMarker.containers(in: notes, stack: stack.name) where !members.contains(name) {
                guard StackMarker.proof(of: notes, stack: stack.name, container: name, ctid: ctid, key: stack.key) == .verified else { continue }
                found.append(StackOrphan(name: name, ctid: ctid, node: node, hostname: guest.name ?? config.options.hostname,
                                         isProtected: config.options.protection == true))
            }
        }
        return found.sorted { $0.ctid < $1.ctid }
    }

    /// The prune of `orphans`: the unprotected ones removed after `backup`'s backup (none when `backup` is `nil`, or
    /// when no storage takes backups on their nodes: ``ContainerRemoval/planRemoval(_:backup:setting:)``).
    func planPrune(_ orphans: [StackOrphan], configs: [Int: ContainerConfig], backup: ContainerBackup?, key: StackKey) async throws(BuildError)
        -> StackPrunePlan
    {
        let removals = orphans.filter { !$0.isProtected }
        let removal = try await ContainerRemoval.planRemoval(removals.map(\.backupTarget), backup: backup)
        let containers = removals.compactMap { orphan in
            configs[orphan.ctid].map { StackMarkedContainer(name: orphan.name, ctid: orphan.ctid, node: orphan.node, config: $0, proof: .verified) }
        }
        return StackPrunePlan(removals: removals, refused: orphans.filter(\.isProtected), removal: removal, containers: containers, key: key)
    }

    /// Carries out `prune`: the backup, then each orphan backed up (or all, without a backup) removed after its proved
    /// marker and its protection are checked once more (``destroy(_:stack:key:)``); the refused ones are failures (77).
    func prune(_ prune: StackPrunePlan, stack: String) async -> StackPruneResult {
        let (orphans, containers, key) = (prune.removals, prune.containers, prune.key)
        let ran = await ContainerRemoval.remove(prune.removal) { target async throws(BuildError) in
            guard let marked = containers.first(where: { $0.ctid == target.ctid }) else { return }
            guard let lock = self.operationLock else { return try await self.destroy(marked, stack: stack, key: key) }
            try await lock.withLock(ctid: marked.ctid, server: self.client.transport.server, operation: "apply --prune") { () throws(BuildError) in
                try await self.destroy(marked, stack: stack, key: key)
            }
        }
        var result = StackPruneResult(removed: [], failures: [])
        for orphan in prune.refused {
            result.failures.append((orphan, BuildError(
                exitCode: BuildExitCode.permissionDenied,
                message: "orphan \(orphan.name) (container \(orphan.ctid) on \(orphan.node)) has protection set: not removed",
                hint: "Lift it first if the container is really to go: pct set \(orphan.ctid) --protection 0")))
        }
        for orphan in orphans {
            if ran.removed.contains(orphan.ctid) {
                result.removed.append((orphan, ran.archives[orphan.ctid]))
            } else if let error = (ran.notBackedUp + ran.failures).first(where: { $0.ctid == orphan.ctid })?.error {
                result.failures.append((orphan, error))
            }
        }
        return result
    }
}
