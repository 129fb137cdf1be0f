import Foundation
public import ProxmoxAPI

/// Backs containers up through PVE's vzdump: `lxc-build backup`, and the backup `destroy` takes first.
///
/// ``plan(_:stackKeyFolder:)`` decides everything with read requests only: the containers, the storage (one that takes backups on
/// every node involved: the one named, or the only one), that it has room for the containers' used disk, and the older
/// archives `keepLast` removes. ``execute(_:)`` runs one vzdump task per node at a time (nodes in parallel), waits for
/// each, finds the archive it wrote, then prunes; a failed task's log goes to the run log.
public struct ContainerBackup: Sendable {
    /// The connection.
    public let client: ProxmoxClient
    /// How to back up.
    public let options: BackupOptions
    /// Where each task's outcome, and a failed task's whole log, is written; `nil` writes nothing.
    public let log: RunLog?
    /// Called with a line of progress for each step.
    public let progress: @Sendable (String) -> Void
    /// Asks which storage to use when several take backups and ``BackupOptions/storage`` names none (the terminal's
    /// question); `nil`, or an answer of `nil`, refuses with 64 instead.
    public let chooseStorage: (@Sendable (_ candidates: [String]) async -> String?)?

    /// A backup run; see the properties.
    public init(client: ProxmoxClient, options: BackupOptions, log: RunLog? = nil,
                chooseStorage: (@Sendable (_ candidates: [String]) async -> String?)? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.options = options
        self.log = log
        self.chooseStorage = chooseStorage
        self.progress = progress
    }

    /// The plan for `selection`, with read requests only.
    /// - Throws: ``BuildError``: 64 for options that do not fit, nothing selected, or no storage (none takes backups on
    ///   the containers' nodes, several and none named, or the named one does not); 234 for an id that is not a
    ///   container; 214 for a storage without room; the API's errors.
    /// - Parameters:
    ///   - selection: The containers (``ContainerSelection``).
    ///   - stackKeyFolder: Where the stacks' keys are, for a selection by stack file
    ///     (``StackKey/folder(environment:effectiveUserID:)``; by default from the process environment).
    public func plan(_ selection: BackupSelection, stackKeyFolder: String? = nil) async throws(BuildError) -> BackupPlan {
        try options.validate()
        let (targets, warnings) = try await selection.backupTargets(
            client: client, stackKeyFolder: stackKeyFolder ?? StackKey.folder(environment: ProcessInfo.processInfo.environment))
        guard let plan = try await plan(targets, setting: "--storage") else { throw Self.noStorage(on: targets) }
        return plan.warning(warnings)
    }

    /// The plan for `targets`, or `nil` when no storage takes backups on their nodes and ``BackupOptions/storage`` names
    /// none (with several, ``chooseStorage`` is asked when there is one) (`destroy` then removes without a backup, and says so).
    /// - Parameters:
    ///   - targets: The containers to back up.
    ///   - setting: The option that names the storage, for messages (`--storage`, `--backup-storage`).
    /// - Throws: ``BuildError`` as ``plan(_:stackKeyFolder:)``.
    public func plan(_ targets: [BackupTarget], setting: String) async throws(BuildError) -> BackupPlan? {
        try options.validate(storageSetting: setting)
        let perNode = try await BackupStorageChoice.storages(on: targets.map(\.node), client: client)
        var named = options.storage
        if named == nil, let chooseStorage, case let candidates = BackupStorageChoice.candidates(perNode), candidates.count > 1 {
            named = await chooseStorage(candidates)
        }
        guard let storage = try BackupStorageChoice.choose(named: named, setting: setting, perNode: perNode) else { return nil }
        var actions: [BackupAction] = []
        var needed: [(node: String, bytes: Int64)] = []
        for target in targets {
            let bytes = try await usedDisk(of: target)
            let archives: [BackupArchive]
            do throws(ProxmoxError) {
                archives = try await client.node(target.node).backupArchives(on: storage, vmid: target.ctid)
            } catch {
                throw BuildError.api(error, during: "listing the archives of container \(target.ctid) on storage \(storage)")
            }
            needed.append((target.node, bytes))
            actions.append(.backUp(target: target, request: options.request(ctid: target.ctid, storage: storage), neededBytes: bytes,
                                   archivePattern: archivePattern(ctid: target.ctid, storage: storage)))
            actions += Self.pruned(archives.filter { $0.vmid == target.ctid }, keepLast: options.keepLast).map { archive in
                .prune(archive: archive, of: target, keepLast: options.keepLast ?? 0)
            }
        }
        try BackupStorageChoice.checkSpace(storage, needed: needed, perNode: perNode)
        return BackupPlan(storage: storage, options: options, actions: actions)
    }

    /// The archives `keepLast` removes when one more is written: the unprotected ones beyond the newest `keepLast - 1`.
    /// A protected archive is neither removed nor counted.
    public static func pruned(_ archives: [BackupArchive], keepLast: Int?) -> [BackupArchive] {
        guard let keepLast else { return [] }
        return Array(newestFirst(archives.filter { !$0.isProtected }).dropFirst(max(keepLast - 1, 0)))
    }

    /// `archives` newest first (by creation time, then by name, whose time stamp breaks ties).
    public static func newestFirst(_ archives: [BackupArchive]) -> [BackupArchive] {
        archives.sorted { ($0.ctime ?? 0, $0.volid) > ($1.ctime ?? 0, $1.volid) }
    }

    /// The container's used disk as its status reports it; a stopped container reports none, so its disk size counts.
    private func usedDisk(of target: BackupTarget) async throws(BuildError) -> Int64 {
        let status: ContainerStatus
        do throws(ProxmoxError) { status = try await client.node(target.node).container(target.ctid).status() } catch {
            throw BuildError.api(error, during: "reading the status of container \(target.ctid)")
        }
        if let used = status.raw["disk"]?.countValue, used > 0 { return used }
        return status.raw["maxdisk"]?.countValue ?? 0
    }

    private func archivePattern(ctid: Int, storage: String) -> String {
        let ext = switch options.compression {
        case .zstd: ".tar.zst"
        case .gzip: ".tar.gz"
        case .lzo: ".tar.lzo"
        case .none: ".tar"
        }
        return "\(storage):backup/vzdump-lxc-\(ctid)-<YYYY_MM_DD-HH_MM_SS>\(ext)"
    }
}
