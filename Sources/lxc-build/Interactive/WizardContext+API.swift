import ContainerKit
import ProxmoxAPI

/// The wizard's menus from the Proxmox VE API (remotely, or through pvesh on the node).
extension WizardContext {
    /// `base` completed from the API: the ids in use in the cluster (step 3, ``ClusterNetwork/usedIDs(client:)``)
    /// and the bridges (step 8, ``ClusterNetwork/bridges(client:node:)``: `node`'s, or those every online node has).
    /// What cannot be read keeps `base`'s value: no id check, or the bridges `base` has (none: the bridge is typed).
    static func load(client: ProxmoxClient, node: String?, base: WizardContext = WizardContext()) async -> WizardContext {
        var context = base
        if let used = await ClusterNetwork.usedIDs(client: client) { context.usedIDs = used }
        if let bridges = await ClusterNetwork.bridges(client: client, node: node), !bridges.isEmpty {
            context.bridges = bridges.map { ($0.name, $0.comment, $0.isVNet) } + base.bridges.filter(\.isVNet)
        }
        return context
    }

    /// The next free container id from `wanted` on (``ClusterNetwork/nextFreeID(from:used:)``).
    func nextFreeID(from wanted: Int = 100) -> Int {
        ClusterNetwork.nextFreeID(from: wanted, used: usedIDs)
    }
}
