public import ProxmoxAPI

extension StorageReport {
    /// The storages of the node `request` names (or, without one or with `auto`, the one
    /// `NodeSelection.resolve(_:client:)` chooses), by name, as `lxc-build storage` shows them.
    /// - Parameters:
    ///   - request: The node asked for and the setting that asked (`--node`, `PROXMOX_VE_NODE`).
    ///   - client: The connection to the cluster.
    /// - Throws: ``BuildError``: 64 for a name that cannot be a node's, the selection's error for an unknown node,
    ///   the API error's code when a list cannot be read.
    public static func read(node request: NodeRequest, client: ProxmoxClient) async throws(BuildError) -> StorageReport {
        let (name, reason) = try await NodeSelection.resolveListed(request, client: client)
        do throws(ProxmoxError) {
            let storages = try await client.node(name).storages().sorted { $0.storage < $1.storage }
            return StorageReport(node: name, nodeReason: reason, storages: storages)
        } catch {
            throw BuildError.from(error)
        }
    }
}

extension NodeSelection {
    /// The node a listing command shows: `request` checked as a node name (``NodeRequest/validate(allowAuto:)``, so the
    /// message offers no `auto`), then `resolve(_:client:)` (which chooses, as without a request, for `auto`).
    /// - Parameters:
    ///   - request: The node asked for and the setting that asked.
    ///   - client: The connection to the cluster.
    /// - Returns: The node's name and why it is that node.
    /// - Throws: ``BuildError``: 64 for a name that cannot be a node's, else `resolve(_:client:)`'s errors.
    public static func resolveListed(_ request: NodeRequest, client: ProxmoxClient) async throws(BuildError)
        -> (name: String, reason: String)
    {
        try request.validate(allowAuto: false)
        return try await resolve(request, client: client)
    }
}
