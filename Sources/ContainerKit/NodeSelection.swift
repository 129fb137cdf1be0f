public import ProxmoxAPI
import ConfigResolution

/// The one rule for which node a command works on, used by the create's node step and by every command that
/// takes `--node` (`storage`, `templates`, `inspect`, `destroy`), so the same wrong name gives the same exit code
/// and message everywhere.
public enum NodeSelection {
    /// The node named by `setting` (`--node`, `PROXMOX_VE_NODE`): it must be in the cluster (exit 64 with the
    /// cluster's nodes and the nearest name) and online (69).
    public static func named(_ name: String, among nodes: [NodeSummary], setting: String = "--node") throws(BuildError) -> NodeSummary {
        let names = nodes.map(\.node).sorted()
        guard let node = nodes.first(where: { $0.node == name }) else {
            throw BuildError(
                exitCode: ExitCodes.usage,
                message: "node '\(name)' (\(setting)) is not in this cluster; nodes: \(names.joined(separator: ", "))"
                    + Spelling.hint(for: name, among: names),
                hint: "Use one of the names `lxc-build nodes` lists.")
        }
        guard node.isOnline else {
            throw BuildError(exitCode: ExitCodes.serviceUnavailable, message: "node '\(name)' (\(setting)) is \(node.status)",
                             hint: "Bring the node back or choose another with \(setting).")
        }
        return node
    }

    /// The node when none is named: the only online one, else the one the API answers from, else the first
    /// online one by name (69 when none is online).
    public static func unnamed(among nodes: [NodeSummary], localNode: String?, identity: String) throws(BuildError)
        -> (name: String, reason: String)
    {
        let online = nodes.filter(\.isOnline).sorted { $0.node < $1.node }
        if online.count == 1, let only = online.first { return (only.node, "the only online node") }
        if let localNode, online.contains(where: { $0.node == localNode }) {
            return (localNode, "the node the API answers from (use --node NAME or --node auto on a cluster)")
        }
        if let first = online.first { return (first.node, "the first online node (use --node NAME or --node auto to choose)") }
        throw BuildError(exitCode: ExitCodes.serviceUnavailable, message: "no node is online (or visible to \(identity))",
                         hint: "An API token without privileges sees no nodes: grant it Sys.Audit on /.")
    }

    /// The node a command works on: `given` checked by ``named(_:among:setting:)``, or ``unnamed(among:localNode:identity:)``.
    /// Reads `/nodes` (and `/cluster/status` when no node is given).
    public static func resolve(_ given: String?, client: ProxmoxClient) async throws(BuildError) -> String {
        let nodes: [NodeSummary]
        do throws(ProxmoxError) {
            nodes = try await client.nodes()
        } catch {
            throw BuildError.api(error, during: "listing the nodes")
        }
        if let given { return try named(given, among: nodes).node }
        let local: String?
        do throws(ProxmoxError) {
            local = try await client.clusterStatus().first { $0.type == "node" && $0.isLocal == true }?.name
        } catch {
            throw BuildError.api(error, during: "reading the cluster status")
        }
        return try unnamed(among: nodes, localNode: local, identity: await client.transport.identity).name
    }
}
