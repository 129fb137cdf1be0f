public import ProxmoxAPI

/// One container `lxc-build list` shows: built by lxc-build or by the community scripts.
public struct ListedContainer: Sendable, Equatable {
    /// Container id.
    public var ctid: Int
    /// The node it is on.
    public var node: String
    /// `running`, `stopped`...
    public var status: String
    /// What its notes and tags say (origin, app, template, created, version).
    public var notes: BuiltContainerNotes
    /// The IPv4 address of its first interface with one, read only while it runs.
    public var address: String?
}

/// What `lxc-build list` found.
public struct ContainerListing: Sendable, Equatable {
    /// The containers lxc-build or the community scripts built, by id.
    public var containers: [ListedContainer]
    /// How many containers were left out because neither built them.
    public var skipped: Int
    /// Containers whose configuration could not be read (each named), left out as well.
    public var warnings: [String]
}

/// The cluster's containers that lxc-build or the community scripts built.
public enum ContainerList {
    /// How many containers are read at the same time.
    static let parallelReads = 8

    /// One `GET /cluster/resources?type=vm`, then per container its configuration (notes and tags), and its
    /// interfaces only when it is listed and running. `node` (checked by ``NodeSelection``) keeps that node's only.
    /// - Throws: ``BuildError`` for the resource list or a node not in the cluster; a container whose configuration
    ///   cannot be read is a warning.
    public static func read(client: ProxmoxClient, node: String? = nil) async throws(BuildError) -> ContainerListing {
        if let node { _ = try await NodeSelection.resolve(node, client: client) }
        let resources: [ClusterResource]
        do throws(ProxmoxError) {
            resources = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "listing the cluster's containers (/cluster/resources)")
        }
        let rows = resources.filter { $0.type == "lxc" && $0.vmid != nil && $0.node != nil && (node == nil || $0.node == node) }
        var listing = ContainerListing(containers: [], skipped: 0, warnings: [])
        // At most `parallelReads` containers at a time: a large cluster is not read all at once.
        var results: [Result<ListedContainer?, ProxmoxError>] = []
        for start in stride(from: 0, to: rows.count, by: parallelReads) {
            let chunk = rows[start..<min(start + parallelReads, rows.count)]
            results += await withTaskGroup(of: Result<ListedContainer?, ProxmoxError>.self) { group in
                for row in chunk {
                    group.addTask {
                        do throws(ProxmoxError) { return .success(try await entry(for: row, client: client)) } catch { return .failure(error) }
                    }
                }
                var all: [Result<ListedContainer?, ProxmoxError>] = []
                for await result in group { all.append(result) }
                return all
            }
        }
        for result in results {
            switch result {
            case .success(let entry?): listing.containers.append(entry)
            case .success(nil): listing.skipped += 1
            case .failure(let error):
                if error.code == .cancelled { throw BuildError.api(error, during: "listing the cluster's containers") }
                listing.warnings.append(error.message)
            }
        }
        listing.containers.sort { $0.ctid < $1.ctid }
        return listing
    }

    /// The entry for one resource row, `nil` when neither lxc-build nor the community scripts built it.
    static func entry(for row: ClusterResource, client: ProxmoxClient) async throws(ProxmoxError) -> ListedContainer? {
        guard let ctid = row.vmid, let node = row.node else { return nil }
        let container = client.node(node).container(ctid)
        let config: ContainerConfig
        do throws(ProxmoxError) {
            config = try await container.config()
        } catch {
            throw ProxmoxError(error.code, message: "container \(ctid) on \(node): its configuration could not be read (\(error.message)); not listed",
                               method: "GET", path: "/nodes/\(node)/lxc/\(ctid)/config")
        }
        guard let notes = BuiltContainerNotes(config: config) else { return nil }
        let status = row.status ?? "unknown"
        var address: String?
        if status == "running" {
            let interfaces = (try? await container.interfaces()) ?? []
            address = interfaces.filter { $0.name != "lo" }.compactMap(\.inet).first.map { String($0.split(separator: "/").first ?? "") }
        }
        return ListedContainer(ctid: ctid, node: node, status: status, notes: notes, address: address)
    }
}
