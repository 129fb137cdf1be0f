import ProxmoxAPI

extension ContainerBuilder {
    /// The newest template for the spec's OS and version: local on the template storage, or from the node's
    /// appliance catalog when the catalog has a newer one or none is local (it is then downloaded by
    /// ``execute(_:)``). A version neither has is replaced by the nearest one (a ``Substitution``), unless the
    /// version is ``PinnedValue/osVersion``: then 225, before anything is written. The lists come from `reads`; the
    /// template list of `storage` is read here only when it is not the storage read ahead.
    func chooseTemplate(
        _ spec: ContainerSpec, node: String, storage: String, reads: NodeReads, warnings: inout [String],
        substitutions: inout [Substitution]
    ) async throws(BuildError) -> TemplateChoice {
        let step = "listing the templates on \(storage)"
        let content: [StorageContentItem]
        if storage == reads.templateStorage {
            content = try unwrap(reads.templates, step: step)
        } else {
            content = try await api(step) { () throws(ProxmoxError) in try await client.node(node).storageContent(storage, content: "vztmpl") }
        }
        let local = content.compactMap { TemplateName($0.fileName) }
        let catalog: [TemplateName]
        switch reads.catalog {
        case .success(let rows):
            catalog = rows.filter { ($0.section ?? "system") == "system" && ($0.architecture ?? spec.arch) == spec.arch }
                .compactMap { TemplateName($0.template) }
        case .failure(let error):
            warnings.append("the appliance catalog of \(node) could not be read (\(error.message)); only local templates are considered")
            catalog = []
        }

        var version = spec.osVersion
        if case .failure(let error) = reads.catalog, !local.contains(where: { $0.matches(os: spec.os, version: version, arch: spec.arch) }) {
            // Without the catalog, "no such template" or a nearer version would be a guess: the catalog's own error.
            throw BuildError.api(
                error, during: "reading the appliance catalog of \(node), needed because \(storage) has no \(spec.os) \(version) template")
        }
        if !(local + catalog).contains(where: { $0.matches(os: spec.os, version: version, arch: spec.arch) }) {
            let available = Set((local + catalog).filter { $0.matches(os: spec.os, version: nil, arch: spec.arch) }.map(\.osVersion))
            guard let nearest = TemplateVersionChoice.nearest(to: version, among: Array(available)) else {
                throw BuildError(
                    exitCode: BuildExitCode.noTemplate,
                    message: "no \(spec.os) template for \(spec.arch) on \(storage) or in the catalog of \(node)",
                    hint: "Check var_os; run `pveam update` on the node if its catalog is empty.")
            }
            let listed = available.sorted { TemplateName.score($0) < TemplateName.score($1) }.joined(separator: ", ")
            guard !spec.pinned.contains(.osVersion) else {
                throw BuildError(
                    exitCode: BuildExitCode.noTemplate,
                    message: "var_version=\(version) (given on the command line): no \(spec.os) \(version) template on \(storage) or in "
                        + "the catalog of \(node); nothing was created (available: \(listed))",
                    hint: "Give one of the available versions (--os-version \(nearest) is the nearest), or leave --os-version out to "
                        + "let the nearest be chosen with a warning.")
            }
            substitutions.append(Substitution(
                kind: .templateVersion, variable: "var_version", requested: version, used: nearest,
                message: "var_version=\(version): no \(spec.os) \(version) template exists; using the nearest version \(nearest) "
                    + "(available: \(listed))"))
            version = nearest
        }
        let bestLocal = local.filter { $0.matches(os: spec.os, version: version, arch: spec.arch) }.max()
        let bestCatalog = catalog.filter { $0.matches(os: spec.os, version: version, arch: spec.arch) }.max()
        let choice: TemplateChoice
        switch (bestLocal, bestCatalog) {
        case (let local?, let remote?) where local < remote:
            events(.decided("template \(remote.fileName): newer in the catalog than the local \(local.fileName); it will be downloaded"))
            choice = TemplateChoice(fileName: remote.fileName, storage: storage, needsDownload: true)
        case (let local?, _):
            events(.decided("template \(local.fileName): newest local one on \(storage)"))
            choice = TemplateChoice(fileName: local.fileName, storage: storage, needsDownload: false)
        case (nil, let remote?):
            events(.decided("template \(remote.fileName): from the catalog of \(node); it will be downloaded to \(storage)"))
            choice = TemplateChoice(fileName: remote.fileName, storage: storage, needsDownload: true)
        case (nil, nil):
            throw BuildError(exitCode: BuildExitCode.noTemplate, message: "no \(spec.os) \(version) template found")
        }
        events(.finished(.template, choice.fileName))
        return choice
    }

    /// Downloads a catalog template once: concurrent builds in this process share one download, lxc-build
    /// processes on this machine take turns through ``Options/downloadLock`` and skip the download when the
    /// template arrived meanwhile, and a download another machine started on the node is waited for. Then checks
    /// the template arrived (223).
    /// - Returns: What happened, for the progress line: "downloaded", "arrived meanwhile" or "waited for".
    func download(_ template: TemplateChoice, node: String, request: APIRequest) async throws(BuildError) -> String {
        let key = "\(node)/\(template.storage)/\(template.fileName)"
        let lock = options.downloadLock
        let timeout = options.taskTimeout
        // Builds share a download only through the same client: two clusters may both have a node named "pve".
        let sharedKey = "\(ObjectIdentifier(client).hashValue)/\(key)"
        let result = await TemplateDownloads.shared.run(key: sharedKey) { () async -> Result<String, BuildError> in
            do throws(BuildError) {
                return .success(try await lock.withLock(key, timeout: timeout) { () throws(BuildError) in
                    try await self.performDownload(template, node: node, request: request)
                })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func performDownload(_ template: TemplateChoice, node: String, request: APIRequest) async throws(BuildError) -> String {
        let handle = client.node(node)
        if try await isPresent(template, on: handle) {
            events(.decided("template \(template.fileName) arrived on \(template.storage) meanwhile (another run downloaded it)"))
            return "arrived meanwhile"
        }
        let outcome: String
        if let upid = await runningDownload(of: template.fileName, node: node) {
            events(.decided("another run is already downloading \(template.fileName) on \(node); waiting for it"))
            _ = try? await client.waitForTask(upid, timeout: options.taskTimeout)
            outcome = "waited for another run's download"
        } else {
            let upid = try await api("downloading \(template.fileName)", exitCode: BuildExitCode.templateDownloadFailed) { () throws(ProxmoxError) in
                try await client.startTask(request)
            }
            _ = try await api("downloading \(template.fileName)", exitCode: BuildExitCode.templateDownloadFailed) { () throws(ProxmoxError) in
                try await client.waitForTask(upid, timeout: options.taskTimeout)
            }
            outcome = "downloaded"
        }
        guard try await isPresent(template, on: handle) else {
            throw BuildError(
                exitCode: BuildExitCode.templateMissingAfterDownload,
                message: "template \(template.fileName) is not on \(template.storage) after its download finished")
        }
        return outcome
    }

    /// Whether the template file is on its storage now.
    private func isPresent(_ template: TemplateChoice, on handle: NodeHandle) async throws(BuildError) -> Bool {
        let content = try await api("checking the templates on \(template.storage)") { () throws(ProxmoxError) in
            try await handle.storageContent(template.storage, content: "vztmpl")
        }
        return content.contains { $0.volid == template.volid || $0.fileName == template.fileName }
    }

    /// The UPID of a `download` task for `fileName` still running on the node (PVE's task type and id for
    /// `POST .../aplinfo`). Filtered here as well as by the query, in case the server ignores the filters.
    private func runningDownload(of fileName: String, node: String) async -> UPID? {
        let tasks = try? await client.call(APIRequest(.get, APIPath.make("nodes", node, "tasks"), parameters: [
            APIParameter("source", .string("active")), APIParameter("typefilter", .string("download")),
        ]))
        let active = tasks?.arrayValue?.first { task in
            task["id"]?.stringValue == fileName && task["type"]?.stringValue == "download" && task["endtime"] == nil
                && (task["status"]?.stringValue).map { $0 == "running" } ?? true
        }
        return active?["upid"]?.stringValue.flatMap { try? UPID(parsing: $0) }
    }
}

/// One download per template at a time in this process; later callers share the first one's outcome.
actor TemplateDownloads {
    static let shared = TemplateDownloads()
    private var running: [String: Task<Result<String, BuildError>, Never>] = [:]

    func run(key: String, _ body: @escaping @Sendable () async -> Result<String, BuildError>) async -> Result<String, BuildError> {
        if let task = running[key] { return await task.value }
        let task = Task { await body() }
        running[key] = task
        let outcome = await task.value
        running[key] = nil
        return outcome
    }
}
