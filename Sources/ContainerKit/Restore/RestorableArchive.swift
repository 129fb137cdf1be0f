public import ProxmoxAPI

/// A container backup (a vzdump archive) on one of the cluster's backup storages: what `restore` restores from.
public struct RestorableArchive: Sendable, Equatable {
    /// `STORAGE:backup/vzdump-lxc-<vmid>-<date>.tar.zst`.
    public var volid: String
    /// The storage holding it.
    public var storage: String
    /// A node that sees it (for a storage not shared, the only one).
    public var node: String
    /// Whether the storage is shared between nodes.
    public var shared: Bool
    /// The container it is a backup of (the row's `vmid`, else the number in the file name).
    public var vmid: Int?
    /// Creation time, Unix seconds.
    public var ctime: Int64?
    /// Size in bytes.
    public var size: Int64?

    /// An archive known by its volume id (the one a backup just wrote).
    init(volid: String, storage: String, node: String, vmid: Int) {
        self.volid = volid
        self.storage = storage
        self.node = node
        shared = false
        self.vmid = vmid
    }

    /// The archive of a storage content row, `nil` for a row that is no container backup.
    public init?(item: StorageContentItem, storage: StorageSummary, node: String) {
        guard item.content == "backup" else { return nil }
        let name = item.fileName
        guard name.hasPrefix("vzdump-lxc-") || (item.vmid != nil && !name.hasPrefix("vzdump-qemu-")) else { return nil }
        volid = item.volid
        self.storage = storage.storage
        self.node = node
        shared = storage.shared
        vmid = item.vmid ?? Self.vmid(inFileName: name)
        ctime = item.ctime
        size = item.size
    }

    /// The container id in a vzdump file name (`vzdump-lxc-105-2026_12_01-10_35_00.tar.zst` → 105).
    public static func vmid(inFileName name: String) -> Int? {
        name.firstMatch(of: #/^vzdump-lxc-(\d+)-/#).flatMap { Int($0.1) }
    }

    /// The file name part of ``volid``.
    public var fileName: String {
        String(volid.split(separator: "/").last ?? Substring(volid))
    }

    /// Newest first: by creation time, then by the date in the file name.
    static func newerFirst(_ lhs: RestorableArchive, _ rhs: RestorableArchive) -> Bool {
        ((lhs.ctime ?? 0), lhs.fileName) > ((rhs.ctime ?? 0), rhs.fileName)
    }

    /// The container backups on the backup storages (content `backup`, active and enabled) of the online nodes,
    /// newest first; a shared storage is listed once. `vmid` keeps only that container's.
    /// - Throws: ``BuildError`` for a failed listing.
    public static func list(client: ProxmoxClient, vmid: Int? = nil) async throws(BuildError) -> [RestorableArchive] {
        let nodes: [NodeSummary]
        do throws(ProxmoxError) {
            nodes = try await client.nodes().filter(\.isOnline).sorted { $0.node < $1.node }
        } catch {
            throw BuildError.api(error, during: "listing the nodes")
        }
        var archives: [RestorableArchive] = []
        var sharedSeen: Set<String> = []
        for node in nodes {
            let handle = client.node(node.node)
            do throws(ProxmoxError) {
                for storage in try await handle.storages(content: "backup") where storage.active && storage.enabled {
                    if storage.shared && !sharedSeen.insert(storage.storage).inserted { continue }
                    for item in try await handle.storageContent(storage.storage, content: "backup") {
                        guard let archive = RestorableArchive(item: item, storage: storage, node: node.node) else { continue }
                        if vmid == nil || archive.vmid == vmid { archives.append(archive) }
                    }
                }
            } catch {
                throw BuildError.api(error, during: "listing the backups on node \(node.node)")
            }
        }
        return archives.sorted(by: newerFirst)
    }
}
