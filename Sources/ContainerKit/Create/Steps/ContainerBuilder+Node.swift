import ProxmoxAPI

extension ContainerBuilder {
    /// Picks the node by ``NodeSelection``: the named one (it must be online), the only one, the one answering, or with
    /// ``NodeChoice/automatic`` an online node that offers the preset storages, by the placement rule
    /// (``NodeSelection/place(memoryMiB:among:ledger:random:)``).
    /// - Returns: The node, why, and its storage list when choosing it already read that (``NodeChoice/automatic``).
    func chooseNode(_ spec: ContainerSpec, host: HostFacts) async throws(BuildError)
        -> (name: String, reason: String, storages: [StorageSummary]?)
    {
        events(.started(.node))
        let online = host.nodes.filter(\.isOnline)
        let choice: (name: String, reason: String, storages: [StorageSummary]?)
        switch options.node {
        case .named(let name)?:
            choice = (try NodeSelection.named(name, among: host.nodes, setting: options.nodeSetting).node, "given with \(options.nodeSetting)", nil)
        case .automatic?, nil:
            if let reached = try await nodeReachedByShell(online: online) {
                let asked = options.node == nil ? "no node named" : "\(options.nodeSetting) auto"
                choice = (reached, "\(asked): the node the node shell reaches, the only one it can work on", nil)
            } else if options.node == nil {
                let unnamed = try NodeSelection.unnamed(among: host.nodes, localNode: host.localNode, identity: host.identity)
                choice = (unnamed.name, unnamed.reason, nil)
            } else {
                choice = try await automaticNode(spec, online: online)
            }
        }
        events(.decided("node \(choice.name): \(choice.reason)"))
        events(.finished(.node, choice.name))
        return choice
    }

    /// The online node a checked node shell reaches, when no node is named: the shell works on that node only, so
    /// a container placed elsewhere could not be provisioned. `nil` without such a shell, or when it reaches no
    /// online node of the cluster (the node check after the choice then stops the run with 81). The snapshot it
    /// reads is the one the node check and the device decisions use: no extra round trip.
    private func nodeReachedByShell(online: [NodeSummary]) async throws(BuildError) -> String? {
        guard let nodeInspection else { return nil }
        let hostname = try await nodeInspection.snapshot(.check).hostname
        return online.first { $0.node == hostname }?.node
    }

    private func automaticNode(_ spec: ContainerSpec, online: [NodeSummary]) async throws(BuildError)
        -> (name: String, reason: String, storages: [StorageSummary]?)
    {
        let wanted = [spec.containerStorage, spec.templateStorage].compactMap { $0 }
        var candidates: [(node: NodeSummary, storages: [StorageSummary]?)] = []
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
            candidates.append((node, storages))
        }
        let guests = try await api("reading the cluster's guests") { () throws(ProxmoxError) in
            try await client.clusterResources(type: "vm")
        }
        let ledger = options.placement ?? PlacementLedger()
        let capacities = NodeCapacity.of(candidates.map(\.node), guests: guests)
        guard let placement = await ledger.choose(memoryMiB: spec.memoryMiB, among: capacities),
            let best = candidates.first(where: { $0.node.node == placement.node })
        else {
            let needs = wanted.isEmpty ? "" : " with storage \(wanted.joined(separator: " and "))"
            throw BuildError(exitCode: BuildExitCode.serviceUnavailable, message: "no online node\(needs) (--node auto)")
        }
        return (best.node.node, placement.reason, best.storages)
    }
}
