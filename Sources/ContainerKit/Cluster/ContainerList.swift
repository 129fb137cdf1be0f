public import ProxmoxAPI

/// One container `lxc-build list` shows: built by lxc-build or by the community scripts.
public struct ListedContainer: Sendable, Equatable {
    /// Container id.
    public var ctid: Int
    /// The node it is on.
    public var node: String
    /// `running`, `stopped`...
    public var status: String
    /// What its notes and tags say (origin, app, template, created, version, stack).
    public var notes: BuiltContainerNotes
    /// Its IPv4 address: the static `ip=` of its configuration (the first interface with one), else, while it runs,
    /// the first its interfaces report.
    public var address: String?
    /// Its host name (the configuration's `hostname`, else the resource row's name).
    public var hostname: String? = nil
}

/// What `lxc-build list` found.
public struct ContainerListing: Sendable, Equatable {
    /// The containers lxc-build or the community scripts built (and the filter kept), by id.
    public var containers: [ListedContainer]
    /// How many containers were left out because neither built them.
    public var skipped: Int
    /// Containers whose configuration could not be read (each named), left out as well.
    public var warnings: [String]
    /// How many built containers the filter left out.
    public var filtered: Int = 0
}

/// The cluster's containers that lxc-build or the community scripts built.
///
/// Which containers are read: both lxc-build and build.func tag every container they create `community-script`, and
/// `/cluster/resources` carries each guest's tags, so a container without that tag is counted among the others without
/// reading anything more. Only when no row of the answer carries tags at all (a server that does not report them, or a
/// cluster where nothing is tagged) is every container's configuration read to decide from its notes. A container that
/// is read is listed only when its configuration says so (``BuiltContainerNotes``): a foreign container is never listed.
public enum ContainerList {
    /// How many containers are read at the same time.
    static let parallelReads = 8

    /// One `GET /cluster/resources?type=vm`, then, at most eight at a time, the configuration (notes,
    /// tags, static address) of each container tagged `community-script` that `filter` can still keep, and its
    /// interfaces only when it is listed, running and has no static address. `node` (checked by ``NodeSelection``)
    /// keeps that node's only.
    /// - Throws: ``BuildError`` for the resource list or a node not in the cluster; a container whose configuration
    ///   cannot be read is a warning.
    public static func read(client: ProxmoxClient, node: String? = nil, filter: Filter = Filter()) async throws(BuildError)
        -> ContainerListing {
        if let node { _ = try await NodeSelection.resolve(node, client: client) }
        let resources: [ClusterResource]
        do throws(ProxmoxError) {
            resources = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "listing the cluster's containers (/cluster/resources)")
        }
        let rows = resources.filter { $0.type == "lxc" && $0.vmid != nil && $0.node != nil && (node == nil || $0.node == node) }
        let tagsReported = resources.contains { $0.tags != nil }
        var listing = ContainerListing(containers: [], skipped: 0, warnings: [])
        var toRead: [ClusterResource] = []
        for row in rows {
            if tagsReported {
                guard BuiltContainerNotes.hasBuildTag(row.tags ?? []) else { listing.skipped += 1; continue }
                guard filter.admits(row: row) else { listing.filtered += 1; continue }
            }
            toRead.append(row)
        }
        let results = await BoundedConcurrency.map(toRead, limit: parallelReads) { row -> Result<Read, ProxmoxError> in
            do throws(ProxmoxError) { return .success(try await entry(for: row, client: client, filter: filter)) } catch { return .failure(error) }
        }
        for result in results {
            switch result {
            case .success(.listed(let entry)): listing.containers.append(entry)
            case .success(.filtered): listing.filtered += 1
            case .success(.notBuilt): listing.skipped += 1
            case .failure(let error):
                if error.code == .cancelled { throw BuildError.api(error, during: "listing the cluster's containers") }
                listing.warnings.append(error.message)
            }
        }
        listing.containers.sort { $0.ctid < $1.ctid }
        return listing
    }

    /// What reading one container found.
    enum Read: Sendable {
        /// Built by lxc-build or the community scripts, and kept by the filter.
        case listed(ListedContainer)
        /// Built, but the filter leaves it out.
        case filtered
        /// Built by neither.
        case notBuilt
    }

    /// The entry for one resource row: its configuration, and its interfaces only when it is listed, running and
    /// has no static address.
    static func entry(for row: ClusterResource, client: ProxmoxClient, filter: Filter) async throws(ProxmoxError) -> Read {
        guard let ctid = row.vmid, let node = row.node else { return .notBuilt }
        let container = client.node(node).container(ctid)
        let config: ContainerConfig
        do throws(ProxmoxError) {
            config = try await container.config()
        } catch {
            throw ProxmoxError(error.code, message: "container \(ctid) on \(node): its configuration could not be read (\(error.message)); not listed",
                               method: "GET", path: "/nodes/\(node)/lxc/\(ctid)/config")
        }
        guard let notes = BuiltContainerNotes(config: config) else { return .notBuilt }
        var entry = ListedContainer(ctid: ctid, node: node, status: row.status ?? "unknown", notes: notes,
                                    address: staticAddress(of: config), hostname: config.options.hostname ?? row.name)
        guard filter.admits(entry, tags: config.options.tags) else { return .filtered }
        if entry.address == nil && entry.status == "running" {
            let interfaces = (try? await container.interfaces()) ?? []
            entry.address = interfaces.filter { $0.name != "lo" }.compactMap(\.inet).first.map(withoutPrefix)
        }
        return .listed(entry)
    }

    /// The static IPv4 address of the first interface of `config` with one (`ip=10.0.0.5/24`), without its prefix
    /// length; `nil` when every interface takes its address from DHCP, or has none.
    static func staticAddress(of config: ContainerConfig) -> String? {
        config.options.networks.sorted { $0.key < $1.key }.lazy.compactMap(\.value.ip)
            .first { $0 != "dhcp" && $0 != "manual" && !$0.isEmpty }.map(withoutPrefix)
    }

    private static func withoutPrefix(_ address: String) -> String {
        String(address.split(separator: "/").first ?? "")
    }
}
