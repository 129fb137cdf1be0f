import Foundation
import ProxmoxAPI

extension ContainerRestore {
    /// Decides the restore of `source` with reads only: the archive on the cluster's backup storages, the target
    /// id (next free, `--ctid`, or the container replaced), the node, the storage, and this login's privileges.
    /// - Throws: ``BuildError``: 64 a malformed option, a storage or node that does not fit, an archive the node
    ///   cannot see; 77 a container to replace that lxc-build did not build (without `--replace`), a protected one,
    ///   or a missing privilege; 206 the id in use without `--force`; 234 no such archive, or no archive of that
    ///   container; 214 a storage with less room than the archive; 1 another lxc-build run on this machine acts on the
    ///   container to replace now (``Options/operationLock``).
    public func plan(_ source: Source) async throws(BuildError) -> RestorePlan {
        try options.validate()
        try source.validate()
        let archives = try await RestorableArchive.list(client: client)
        let archive = try Self.find(source, among: archives, node: options.node)
        let force = options.force || options.replace != nil
        let target = options.replace ?? options.ctid ?? (force ? archive.vmid : nil)
        if force && target == nil {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--force restores over an existing container: give its id with --ctid or --replace",
                             hint: "The archive \(archive.volid) does not name the container it was taken of.")
        }
        var replaced: ReplacedContainer?
        var replacedStorage: String?
        let nodeChoice: (name: String, reason: String)
        let ctid: Int
        if let target, let existing = try await existingNode(of: target) {
            guard force else {
                throw BuildError(
                    exitCode: BuildExitCode.ctidInUse, message: "container id \(target) (--ctid) is in use on node \(existing); nothing was restored",
                    hint: "Leave --ctid out to restore under the next free id, or give --force to restore over it (it is stopped and backed up first).")
            }
            try options.operationLock?.checkFree(ctid: target, server: client.transport.server)
            let (config, status) = try await read(target, on: existing)
            replaced = try checkReplaceable(target, config: config, status: status)
            replacedStorage = config.options.rootfs.flatMap { Self.storageName(of: $0.volume) }
            if let given = options.node, given != existing {
                throw BuildError(exitCode: BuildExitCode.usage, message: "container \(target) is on node '\(existing)', not on '\(given)' (--node)",
                                 hint: "Leave --node out: a restore over a container stays on its node.")
            }
            nodeChoice = (existing, "the node of container \(target), which it replaces")
            ctid = target
        } else {
            ctid = try await freeID(target)
            nodeChoice = try await chooseNode(for: archive)
        }
        let visible = try visibleArchive(archive, among: archives, on: nodeChoice.name)
        let storages = try await storages(of: nodeChoice.name)
        let (storage, storageReason) = try chooseStorage(among: storages, node: nodeChoice.name, replacedStorage: replacedStorage, archive: visible)
        var plan = RestorePlan(
            archive: visible, ctid: ctid, node: nodeChoice.name, nodeReason: nodeChoice.reason, storage: storage, storageReason: storageReason,
            replaced: replaced, backupStorage: nil, unique: options.unique, start: options.start, steps: [], warnings: [])
        if replaced != nil && options.backupFirst {
            plan.backupStorage = try backupStorage(among: storages, archive: visible)
        }
        await readArchiveConfig(&plan)
        try await checkPrivileges(plan)
        if let storage = plan.backupStorage {
            // After the privilege check, whose message names what a token lacks: the backup's plan reads more.
            plan.backup = try await firstBackup(to: storage).plan(container: BackupTarget(ctid: ctid, node: nodeChoice.name), setting: "--backup-storage")
        }
        describe(&plan)
        return plan
    }

    /// The archive `source` names among `archives` (preferring the one `node` sees); 234 when there is none.
    static func find(_ source: Source, among archives: [RestorableArchive], node: String?) throws(BuildError) -> RestorableArchive {
        let matching: [RestorableArchive]
        switch source {
        case .archive(let volid): matching = archives.filter { $0.volid == volid }
        case .latest(let ctid): matching = archives.filter { $0.vmid == ctid }
        }
        if let found = matching.first(where: { $0.node == node || $0.shared }) ?? matching.first { return found }
        let what: String
        switch source {
        case .archive(let volid): what = "no backup archive \(BuildError.quoted(volid)) on the cluster's backup storages"
        case .latest(let ctid): what = "no backup archive of container \(ctid) on the cluster's backup storages"
        }
        throw BuildError(exitCode: BuildExitCode.containerNotFound, message: what + "; nothing was restored",
                         hint: "`lxc-build backups` lists the archives (`pvesh get /nodes/NODE/storage/STORAGE/content --content backup` on a node).")
    }

    /// The node of container or VM `ctid`, `nil` when the id is free.
    private func existingNode(of ctid: Int) async throws(BuildError) -> String? {
        let resources: [ClusterResource]
        do throws(ProxmoxError) {
            resources = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "looking for id \(ctid) in /cluster/resources")
        }
        guard let found = resources.first(where: { $0.vmid == ctid }) else { return nil }
        guard found.type == "lxc" else {
            throw BuildError(exitCode: BuildExitCode.ctidInUse, message: "id \(ctid) is a virtual machine: a container backup cannot replace it; nothing was restored",
                             hint: "Give another id with --ctid, or leave it out for the next free one.")
        }
        return found.node ?? ""
    }

    private func read(_ ctid: Int, on node: String) async throws(BuildError) -> (ContainerConfig, ContainerStatus) {
        let container = client.node(node).container(ctid)
        do throws(ProxmoxError) {
            return (try await container.config(), try await container.status())
        } catch {
            throw BuildError.api(error, during: "reading container \(ctid) on \(node)")
        }
    }

    /// The container to replace, or 77 when it is neither lxc-build's nor named by `--replace`, or protected.
    private func checkReplaceable(_ ctid: Int, config: ContainerConfig, status: ContainerStatus) throws(BuildError) -> ReplacedContainer {
        let reason: String
        if options.replace == ctid {
            reason = "named by --replace"
        } else if BuiltContainerNotes(config: config)?.origin == .lxcBuild {
            reason = "the lxc-build mark in its notes"
        } else {
            throw BuildError(
                exitCode: BuildExitCode.permissionDenied,
                message: "container \(ctid) was not built by lxc-build (its notes carry no lxc-build run mark): --force does not restore over it; nothing was changed",
                hint: "Check what it is (`lxc-build inspect \(ctid)`); to replace it all the same, name it: --replace \(ctid). "
                    + "Or restore under a new id (leave --force out).")
        }
        try ContainerRemoval.refuseProtected(config, ctid: ctid)
        if let lock = config.lock {
            throw BuildError(exitCode: BuildExitCode.general, message: "container \(ctid) is locked (\(lock)) by another operation; nothing was changed",
                             hint: "Wait for it to end, or remove a stale lock with `pct unlock \(ctid)`.")
        }
        return ReplacedContainer(ctid: ctid, wasRunning: status.isRunning, reason: reason, notes: config.options.description ?? "")
    }

    /// `wanted` when it is free (checked through `/cluster/nextid`), else the next free id.
    private func freeID(_ wanted: Int?) async throws(BuildError) -> Int {
        do throws(ProxmoxError) {
            return try await client.nextID(requested: wanted)
        } catch {
            if let wanted, error.code == .parameterVerification {
                throw BuildError(exitCode: BuildExitCode.ctidInUse, message: "container id \(wanted) (--ctid) is in use; nothing was restored",
                                 hint: "Give a free id, or leave --ctid out to take the next free one.")
            }
            throw BuildError.api(error, during: "finding a free container id", exitCode: BuildExitCode.noFreeCTID)
        }
    }

    /// `--node`, else the archive's node when its storage is not shared, else create's rule for no node named.
    private func chooseNode(for archive: RestorableArchive) async throws(BuildError) -> (name: String, reason: String) {
        if let given = options.node { return (try await NodeSelection.resolve(given, client: client), "--node") }
        if !archive.shared { return (archive.node, "the node whose storage \(archive.storage) holds the archive") }
        return (try await NodeSelection.resolve(nil, client: client), "no node named: the node the API answers from, or the only online one")
    }

    /// The archive as `node` sees it: a storage that is not shared is only readable on its own node (64).
    private func visibleArchive(_ archive: RestorableArchive, among archives: [RestorableArchive], on node: String) throws(BuildError) -> RestorableArchive {
        if archive.shared || archive.node == node { return archive }
        if let there = archives.first(where: { $0.volid == archive.volid && $0.node == node }) { return there }
        throw BuildError(
            exitCode: BuildExitCode.usage,
            message: "archive \(archive.volid) is on storage \(archive.storage) of node \(archive.node), which node \(node) cannot read",
            hint: "Restore on \(archive.node) (--node \(archive.node)), or copy the archive to a storage \(node) reads.")
    }

    private func storages(of node: String) async throws(BuildError) -> [StorageSummary] {
        do throws(ProxmoxError) {
            return try await client.node(node).storages()
        } catch {
            throw BuildError.api(error, during: "listing the storages of \(node)")
        }
    }

    /// `--storage` (checked as create checks a preset storage), else the replaced container's root disk storage,
    /// else create's rule: the container storage with the most free space. 214 when it has less room than the archive.
    private func chooseStorage(
        among all: [StorageSummary], node: String, replacedStorage: String?, archive: RestorableArchive
    ) throws(BuildError) -> (String, String) {
        let chosen: StorageSummary
        let reason: String
        if let given = options.storage {
            chosen = try ContainerBuilder.validatePreset(given, role: .container, among: all, node: node, setting: "--storage")
            reason = "--storage"
        } else if let replacedStorage, let same = ContainerBuilder.candidates(.container, among: all).first(where: { $0.storage == replacedStorage }) {
            chosen = same
            reason = "the storage of the replaced container's root disk"
        } else {
            let candidates = ContainerBuilder.candidates(.container, among: all)
            guard let mostFree = candidates.max(by: { ($0.available ?? 0) < ($1.available ?? 0) }) else {
                throw BuildError(exitCode: BuildExitCode.noRootdirStorage, message: "no active storage on \(node) holds 'rootdir' content",
                                 hint: "Enable 'rootdir' on a storage under Datacenter → Storage → Edit → Content, or give --storage.")
            }
            chosen = mostFree
            reason = candidates.count == 1 ? "the only one with 'rootdir' content" : "most free space of \(candidates.count); give --storage to choose"
        }
        if let size = archive.size, let available = chosen.available, available > 0, available < size {
            throw BuildError(
                exitCode: BuildExitCode.notEnoughSpace,
                message: "not enough space on '\(chosen.storage)': the archive alone is \(ContainerBuilder.formatBytes(size)), "
                    + "available \(ContainerBuilder.formatBytes(available)); nothing was restored",
                hint: "Free space, or give --storage with another storage.")
        }
        return (chosen.storage, reason)
    }

    /// `--backup-storage`, else the archive's storage; it must take backups on the node (64).
    private func backupStorage(among all: [StorageSummary], archive: RestorableArchive) throws(BuildError) -> String {
        let name = options.backupStorage ?? archive.storage
        guard all.contains(where: { $0.storage == name && $0.content.contains("backup") && $0.active && $0.enabled }) else {
            let takers = all.filter { $0.content.contains("backup") && $0.active }.map(\.storage).sorted()
            throw BuildError(
                exitCode: BuildExitCode.usage,
                message: "--backup-storage \(BuildError.quoted(name)): not an active storage with 'backup' content on this node; "
                    + "accepted: \(takers.isEmpty ? "none here" : takers.joined(separator: ", "))",
                hint: "Give a storage that takes backups, or --no-backup to replace the container without one.")
        }
        return name
    }

    /// Whether the archive holds an unprivileged container, from the configuration stored in it
    /// (`GET /nodes/{node}/vzdump/extractconfig`); a configuration that cannot be read is a warning: PVE checks it.
    private func readArchiveConfig(_ plan: inout RestorePlan) async {
        let text: String
        do throws(ProxmoxError) {
            text = try await client.node(plan.node).backupConfig(volume: plan.archive.volid)
        } catch {
            plan.warnings.append("the configuration in \(plan.archive.volid) could not be read (\(error.message)); PVE checks it when restoring")
            return
        }
        plan.unprivileged = Self.unprivileged(inConfig: text)
        if plan.unprivileged == false {
            plan.warnings.append("\(plan.archive.volid) holds a privileged container (no `unprivileged: 1` in its configuration)")
        }
    }

    /// `true` or `false` from a `pct.conf` text's `unprivileged:` line (its current section, before any
    /// `[snapshot]`); `nil` for text that is no container configuration (no `arch:`, `rootfs:` or `hostname:`).
    static func unprivileged(inConfig text: String) -> Bool? {
        var keys: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("[") { break }
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("#") else { continue }
            keys[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard ["arch", "rootfs", "hostname"].contains(where: { keys[$0] != nil }) else { return nil }
        return keys["unprivileged"] == "1"
    }

    /// The storage part of a volume (`local-lvm:vm-105-disk-0` → `local-lvm`), `nil` for a bind mount's path.
    static func storageName(of volume: String) -> String? {
        guard !volume.hasPrefix("/"), let colon = volume.firstIndex(of: ":") else { return nil }
        return String(volume[..<colon])
    }

    /// The plan's steps and warnings, in the order ``execute(_:)`` carries them out.
    private func describe(_ plan: inout RestorePlan) {
        let archive = plan.archive.volid
        if let replaced = plan.replaced {
            if let storage = plan.backupStorage {
                plan.steps.append("back up container \(replaced.ctid)'s current state to storage \(storage) (vzdump, mode snapshot)")
            } else {
                plan.warnings.append("no backup of container \(replaced.ctid) first (--no-backup): its current state is lost")
            }
            if replaced.wasRunning { plan.steps.append("stop container \(replaced.ctid)") }
            plan.steps.append("restore \(archive) over container \(replaced.ctid) (\(replaced.reason)) on \(plan.node), volumes on \(plan.storage) (\(plan.storageReason))")
        } else {
            plan.steps.append("restore \(archive) as new container \(plan.ctid) on \(plan.node) (\(plan.nodeReason)), volumes on \(plan.storage) (\(plan.storageReason))")
        }
        if plan.unique { plan.steps.append("give its network interfaces new MAC addresses (--unique)") }
        plan.steps.append("keep its notes and add the line `- Restored from: \(archive)`")
        if plan.start { plan.steps.append("start container \(plan.ctid)") }
        plan.steps.append("if the restore fails: remove what it created and stop (exit 88)"
            + (plan.backupStorage != nil ? ", naming the backup taken first" : ""))
    }
}
