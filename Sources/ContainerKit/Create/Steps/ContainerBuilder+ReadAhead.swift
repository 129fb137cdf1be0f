import ProxmoxAPI

/// The reads of one node that the storage and template steps need, sent together in one round trip: its storage
/// list, the template list of the storage that most likely holds the templates, and its appliance catalog.
struct NodeReads: Sendable {
    /// The node they were read from.
    let node: String
    /// `GET /nodes/{node}/storage`, or the list the node choice already read.
    let storages: Result<[StorageSummary], ProxmoxError>
    /// The storage whose template list was read ahead: `var_template_storage` when preset, else `local`.
    let templateStorage: String
    /// `GET /nodes/{node}/storage/{templateStorage}/content?content=vztmpl`.
    let templates: Result<[StorageContentItem], ProxmoxError>
    /// `GET /nodes/{node}/aplinfo`.
    let catalog: Result<[ApplianceTemplate], ProxmoxError>
    /// `GET /nodes/{node}/network?type=any_bridge`, for the bridge check; `nil` when it is not made.
    var network: Result<[HostNetworkInterface], ProxmoxError>? = nil
}

extension ContainerBuilder {
    /// The storage a default Proxmox VE installation keeps templates on: its template list is read beside the
    /// storage list when no template storage is preset, and read again only when another storage is chosen.
    static let usualTemplateStorage = "local"

    /// Sends the node's reads together (see ``NodeReads``); `known` is the storage list when choosing the node
    /// already read it. Starts the storage and template steps, as their requests go out now.
    func readNode(_ node: String, spec: ContainerSpec, known: [StorageSummary]?) async -> NodeReads {
        events(.started(.storage))
        events(.started(.template))
        let handle = client.node(node)
        let templateStorage = spec.templateStorage ?? Self.usualTemplateStorage
        async let storageCall = storageList(handle, known: known)
        async let templateCall = result { () throws(ProxmoxError) in try await handle.storageContent(templateStorage, content: "vztmpl") }
        async let catalogCall = result { () throws(ProxmoxError) in try await handle.applianceTemplates() }
        async let networkCall = readBridges(handle)
        return NodeReads(
            node: node, storages: await storageCall, templateStorage: templateStorage, templates: await templateCall,
            catalog: await catalogCall, network: await networkCall)
    }

    /// With `--node NAME` the node is known before the cluster reads answer: its reads go out beside them (a wrong
    /// or offline name is reported by the node step first, and these answers are then dropped).
    func readNamedNodeAhead(_ spec: ContainerSpec) async -> NodeReads? {
        guard case .named(let node)? = options.node else { return nil }
        return await readNode(node, spec: spec, known: nil)
    }

    /// The container id, asked for beside the cluster reads when `early` (the node is named, so nothing else waits
    /// on them), else beside the node's reads.
    func chooseCTIDAhead(_ spec: ContainerSpec, when early: Bool, knownFree: Int?) async -> Result<(Int, [Substitution]), BuildError>? {
        guard early else { return nil }
        return await result { () throws(BuildError) in try await self.chooseCTID(spec, knownFree: knownFree) }
    }

    /// This login's privileges (`GET /access/permissions`), read beside the cluster reads; `nil` for root@pam, which
    /// holds them all and is not asked.
    func readPrivilegesAhead() async -> Result<Permissions, ProxmoxError>? {
        guard await client.transport.identity != "root@pam" else { return nil }
        return await result { () throws(ProxmoxError) in try await self.client.permissions() }
    }

    private func storageList(_ handle: NodeHandle, known: [StorageSummary]?) async -> Result<[StorageSummary], ProxmoxError> {
        if let known { return .success(known) }
        return await result { () throws(ProxmoxError) in try await handle.storages() }
    }
}
