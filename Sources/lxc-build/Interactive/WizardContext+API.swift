import Foundation
import ProxmoxAPI

/// The wizard's menus from the Proxmox VE API (remotely, or through pvesh on the node).
extension WizardContext {
    /// `base` completed from the API: the ids in use in the cluster (step 3) and the node's bridges (step 8,
    /// `GET /nodes/{node}/network?type=any_bridge`). `node` is the node to create on; without one, the bridges
    /// every online node has (the container may land on any of them). What cannot be read keeps `base`'s
    /// value: no id check, or the bridges `base` has (none: the bridge is typed).
    static func load(client: ProxmoxClient, node: String?, base: WizardContext = WizardContext()) async -> WizardContext {
        var context = base
        if let resources = try? await client.clusterResources(type: "vm") {
            context.usedIDs = Set(resources.compactMap(\.vmid))
        }
        if let bridges = await bridges(client: client, node: node), !bridges.isEmpty {
            context.bridges = bridges + base.bridges.filter(\.isVNet)
        }
        return context
    }

    /// The bridges of `node`, or those common to every online node; `nil` when the API does not say.
    private static func bridges(client: ProxmoxClient, node: String?) async -> [(name: String, comment: String?, isVNet: Bool)]? {
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
            (bridge.iface, bridge.comments?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty, false)
        }
    }

    /// The next free container id from `wanted` on (ids start at 100), by ``usedIDs``.
    func nextFreeID(from wanted: Int = 100) -> Int {
        var id = max(100, wanted)
        while usedIDs?.contains(id) == true { id += 1 }
        return id
    }
}

extension String {
    /// `nil` for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
