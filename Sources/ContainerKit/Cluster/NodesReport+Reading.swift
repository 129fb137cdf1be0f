public import ProxmoxAPI

extension NodesReport {
    /// The cluster's nodes, by name, as `lxc-build nodes` shows them.
    /// - Parameter client: The connection to the cluster.
    /// - Throws: ``BuildError`` when the API cannot list the nodes (the API error's exit code).
    public static func read(client: ProxmoxClient) async throws(BuildError) -> NodesReport {
        do throws(ProxmoxError) {
            return NodesReport(nodes: try await client.nodes().sorted { $0.node < $1.node })
        } catch {
            throw BuildError.from(error)
        }
    }
}
