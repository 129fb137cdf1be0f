import ProxmoxAPI

extension ContainerBuilder {
    /// Picks the node by ``NodeSelection``: the named one (it must be online), the only one, the one answering, or with
    /// ``NodeChoice/automatic`` the online node with the most free memory that offers the preset storages.
    /// - Returns: The node, why, and its storage list when choosing it already read that (``NodeChoice/automatic``).
    func chooseNode(_ spec: ContainerSpec, host: HostFacts) async throws(BuildError)
        -> (name: String, reason: String, storages: [StorageSummary]?)
    {
        events(.started(.node))
        let online = host.nodes.filter(\.isOnline)
        let choice: (name: String, reason: String, storages: [StorageSummary]?)
        switch options.node {
        case .named(let name)?:
            choice = (try NodeSelection.named(name, among: host.nodes).node, "given with --node", nil)
        case .automatic?:
            choice = try await automaticNode(spec, online: online)
        case nil:
            let unnamed = try NodeSelection.unnamed(among: host.nodes, localNode: host.localNode, identity: host.identity)
            choice = (unnamed.name, unnamed.reason, nil)
        }
        events(.decided("node \(choice.name): \(choice.reason)"))
        events(.finished(.node, choice.name))
        return choice
    }

    private func automaticNode(_ spec: ContainerSpec, online: [NodeSummary]) async throws(BuildError)
        -> (name: String, reason: String, storages: [StorageSummary]?)
    {
        let wanted = [spec.containerStorage, spec.templateStorage].compactMap { $0 }
        var candidates: [(node: NodeSummary, free: Int64, storages: [StorageSummary]?)] = []
        for node in online {
            var storages: [StorageSummary]?
            if !wanted.isEmpty {
                let listed = try await api("listing the storages of \(node.node)") { () throws(ProxmoxError) in
                    try await client.node(node.node).storages()
                }
                let usable = Set(listed.filter { $0.enabled && $0.active }.map(\.storage))
                guard wanted.allSatisfy(usable.contains) else { continue }
                storages = listed
            }
            candidates.append((node, node.freeMemory ?? 0, storages))
        }
        guard let best = candidates.max(by: { $0.free < $1.free }) else {
            let needs = wanted.isEmpty ? "" : " with storage \(wanted.joined(separator: " and "))"
            throw BuildError(exitCode: ExitCodes.serviceUnavailable, message: "no online node\(needs) (--node auto)")
        }
        let gib = Double(best.free) / 1_073_741_824
        let others = candidates.count - 1
        let reason = String(format: "--node auto: most free memory (%.1f GiB) of %d candidate%@", gib, others + 1, others == 0 ? "" : "s")
        return (best.node.node, reason, best.storages)
    }
}
