public import ProxmoxAPI

extension TemplatesReport {
    /// The templates of the node `request` names (see ``NodeSelection/resolveListed(_:client:)``): those on its
    /// storages that hold templates, and its appliance catalog's system templates (source `catalog`; a catalog
    /// that cannot be read adds none), of the OS `os` only when given (any case), newest first, then by source.
    /// - Parameters:
    ///   - request: The node asked for and the setting that asked (`--node`, `PROXMOX_VE_NODE`).
    ///   - os: Only this OS (`debian`, `Ubuntu`...); `nil` keeps every OS.
    ///   - client: The connection to the cluster.
    /// - Throws: ``BuildError``: 64 for a name that cannot be a node's, the selection's error for an unknown node,
    ///   the API error's code when a storage cannot be listed.
    public static func read(node request: NodeRequest, os: String? = nil, client: ProxmoxClient) async throws(BuildError)
        -> TemplatesReport
    {
        let (name, reason) = try await NodeSelection.resolveListed(request, client: client)
        let handle = client.node(name)
        var rows: [(template: TemplateName, source: String)] = []
        do throws(ProxmoxError) {
            for storage in try await handle.storages(content: "vztmpl") {
                for item in try await handle.storageContent(storage.storage, content: "vztmpl") {
                    if let template = TemplateName(item.fileName) { rows.append((template, storage.storage)) }
                }
            }
        } catch {
            throw BuildError.from(error)
        }
        for row in (try? await handle.applianceTemplates()) ?? [] where (row.section ?? "system") == "system" {
            if let template = TemplateName(row.template) { rows.append((template, "catalog")) }
        }
        if let os { rows = rows.filter { $0.template.os == os.lowercased() } }
        rows.sort { $0.template == $1.template ? $0.source < $1.source : $1.template < $0.template }
        return TemplatesReport(node: name, nodeReason: reason, templates: rows.map { Template($0.template, source: $0.source) })
    }
}
