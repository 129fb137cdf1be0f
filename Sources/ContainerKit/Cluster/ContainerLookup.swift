public import ProxmoxAPI

/// Where a container is: the one rule `inspect` and `destroy` use to find the node of a container id.
public enum ContainerLookup {
    /// The node holding container `ctid`, found through `/cluster/resources`. A `given` node is checked by
    /// ``NodeSelection/named(_:among:setting:)`` first (64 for a name not in the cluster, 69 offline); a container
    /// that is not in the cluster, or not on the given node, ends with ``BuildExitCode/containerNotFound`` (234) and
    /// says where it is when it is elsewhere.
    public static func node(of ctid: Int, given: String?, client: ProxmoxClient) async throws(BuildError) -> String {
        if let given { _ = try await NodeSelection.resolve(given, client: client) }
        let resources: [ClusterResource]
        do throws(ProxmoxError) {
            resources = try await client.clusterResources(type: "vm")
        } catch {
            throw BuildError.api(error, during: "looking for container \(ctid) in /cluster/resources")
        }
        let found = resources.first { $0.vmid == ctid && $0.type == "lxc" }
        guard let node = found?.node else {
            let isVM = resources.contains { $0.vmid == ctid }
            throw BuildError(
                exitCode: BuildExitCode.containerNotFound,
                message: "no container \(ctid) in the cluster" + (isVM ? " (\(ctid) is a virtual machine)" : ""),
                hint: "`lxc-build list` lists the containers lxc-build and the community scripts built; `pvesh get /cluster/resources --type vm` on a node lists every id.")
        }
        if let given, given != node {
            throw BuildError(exitCode: BuildExitCode.containerNotFound, message: "container \(ctid) is on node '\(node)', not on '\(given)' (--node)",
                             hint: "Leave --node out, or use --node \(node).")
        }
        return node
    }

    /// Container `ctid` found as ``node(of:given:client:)`` finds it, with its configuration and status read: what
    /// `inspect` prints and `update` plans from.
    public static func read(_ ctid: Int, given: String?, client: ProxmoxClient) async throws(BuildError)
        -> (node: String, config: ContainerConfig, status: ContainerStatus)
    {
        let node = try await node(of: ctid, given: given, client: client)
        let container = client.node(node).container(ctid)
        do throws(ProxmoxError) {
            return (node, try await container.config(), try await container.status())
        } catch {
            throw BuildError.api(error, during: "reading container \(ctid) on \(node)")
        }
    }
}
