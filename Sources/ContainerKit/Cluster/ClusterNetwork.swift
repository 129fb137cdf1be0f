import Foundation
public import ProxmoxAPI

/// What the cluster offers a new container's network and id, read from the API: the advanced wizard's bridge menu
/// and its check of the id typed.
public enum ClusterNetwork {
    /// A bridge a container may be attached to.
    public struct Bridge: Sendable, Equatable {
        /// The interface (`vmbr0`) or SDN VNet name.
        public var name: String
        /// Its description, `nil` when it has none.
        public var comment: String?
        /// Whether it is an SDN VNet (attached as `sdn:NAME`).
        public var isVNet: Bool

        /// A bridge.
        public init(name: String, comment: String?, isVNet: Bool = false) {
            self.name = name
            self.comment = comment
            self.isVNet = isVNet
        }
    }

    /// The bridges of `node` (`GET /nodes/{node}/network?type=any_bridge`), or, without a node or with `auto`, those
    /// every online node has (the container may land on any of them), by name, their descriptions trimmed; `nil`
    /// when the API does not say (a node or list that cannot be read).
    /// - Parameters:
    ///   - client: The connection to the cluster.
    ///   - node: The node to create on, `auto` or `nil`.
    public static func bridges(client: ProxmoxClient, node: String?) async -> [Bridge]? {
        var names: [String]
        if let node, node != "auto" {
            names = [node]
        } else {
            guard let nodes = try? await client.nodes() else { return nil }
            names = nodes.filter(\.isOnline).map(\.node)
        }
        var common: [HostNetworkInterface]?
        for name in names {
            guard let listed = try? await client.node(name).network(type: "any_bridge") else { return nil }
            let found = listed.filter(\.isBridge)
            common = common.map { kept in kept.filter { bridge in found.contains { $0.iface == bridge.iface } } } ?? found
        }
        return common?.sorted { $0.iface < $1.iface }.map { bridge in
            let comment = bridge.comments?.trimmingCharacters(in: .whitespacesAndNewlines)
            return Bridge(name: bridge.iface, comment: comment?.isEmpty == false ? comment : nil)
        }
    }

    /// The container and VM ids in use in the cluster (`/cluster/resources?type=vm`); `nil` when they cannot be read.
    /// - Parameter client: The connection to the cluster.
    public static func usedIDs(client: ProxmoxClient) async -> Set<Int>? {
        guard let resources = try? await client.clusterResources(type: "vm") else { return nil }
        return Set(resources.compactMap(\.vmid))
    }

    /// The first id from `wanted` on (ids start at 100) that `used` does not hold.
    /// - Parameters:
    ///   - wanted: Where to start looking.
    ///   - used: The ids in use, `nil` when unknown (then `wanted`, or 100, is taken as free).
    public static func nextFreeID(from wanted: Int = 100, used: Set<Int>?) -> Int {
        var id = max(100, wanted)
        while used?.contains(id) == true { id += 1 }
        return id
    }
}
