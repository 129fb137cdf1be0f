public import ProxmoxAPI

/// The container archives on the cluster's backup storages, newest first: what `lxc-build backups` prints.
public struct BackupListing: Sendable, Equatable {
    /// One archive.
    public struct Entry: Sendable, Equatable {
        /// The container it is a backup of.
        public var ctid: Int
        /// The archive as its storage lists it.
        public var archive: BackupArchive
        /// The node it was listed through.
        public var node: String
        /// Whether container ``ctid`` still exists.
        public var containerExists: Bool
    }

    /// The archives, newest first.
    public var archives: [Entry]
    /// Archives left out: of containers that exist and that neither lxc-build nor the community scripts built.
    public var skipped: Int
    /// Nodes or storages that could not be read.
    public var warnings: [String]

    /// Reads every online node's backup storages (a shared one once) and keeps the containers' archives (not the
    /// virtual machines'). Without `all`, an archive of a container that exists is kept only when `lxc-build list`
    /// would list that container (built by lxc-build or the community scripts); an archive whose container is gone is
    /// always kept. `ctid` keeps that container's archives only (whoever built it).
    /// - Throws: ``BuildError`` when the nodes or the guests cannot be read; a storage that cannot be read is a warning.
    public static func read(client: ProxmoxClient, ctid: Int? = nil, all: Bool = false) async throws(BuildError) -> BackupListing {
        let nodes: [NodeSummary]
        let guests: [ClusterResource]
        do throws(ProxmoxError) {
            nodes = try await client.nodes()
            guests = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "reading the cluster's nodes and guests")
        }
        let existing = Set(guests.filter { $0.type == "lxc" }.compactMap(\.vmid))
        let built = all || ctid != nil ? [] : Set(try await ContainerList.read(client: client).containers.map(\.ctid))
        var listing = BackupListing(archives: [], skipped: 0, warnings: [])
        var seen = Set<String>()
        var sharedRead = Set<String>()
        for node in nodes.filter(\.isOnline).sorted(by: { $0.node < $1.node }) {
            let storages: [StorageSummary]
            do throws(ProxmoxError) {
                storages = try await client.node(node.node).storages(content: "backup", enabledOnly: true).filter { $0.active && $0.content.contains("backup") }
            } catch {
                listing.warnings.append("node \(node.node): its storages could not be read (\(error.message))")
                continue
            }
            for storage in storages where !(storage.shared && sharedRead.contains(storage.storage)) {
                if storage.shared { sharedRead.insert(storage.storage) }
                let archives: [BackupArchive]
                do throws(ProxmoxError) {
                    archives = try await client.node(node.node).backupArchives(on: storage.storage, vmid: ctid)
                } catch {
                    listing.warnings.append("storage \(storage.storage) on \(node.node) could not be read (\(error.message))")
                    continue
                }
                for archive in archives where archive.isContainerArchive && !seen.contains(archive.volid) {
                    guard let owner = archive.vmid, ctid == nil || owner == ctid else { continue }
                    seen.insert(archive.volid)
                    let exists = existing.contains(owner)
                    guard all || ctid != nil || !exists || built.contains(owner) else { listing.skipped += 1; continue }
                    listing.archives.append(Entry(ctid: owner, archive: archive, node: node.node, containerExists: exists))
                }
            }
        }
        let order = ContainerBackup.newestFirst(listing.archives.map(\.archive)).map(\.volid)
        listing.archives.sort { order.firstIndex(of: $0.archive.volid) ?? 0 < order.firstIndex(of: $1.archive.volid) ?? 0 }
        return listing
    }
}
