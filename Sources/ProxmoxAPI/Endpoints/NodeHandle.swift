/// The endpoints under `/nodes/{node}`.
public struct NodeHandle: Sendable {
    /// The client calls go through.
    public let client: ProxmoxClient
    /// Node name.
    public let name: String

    var base: String { APIPath.make("nodes", name) }

    /// Maps to `GET /nodes/{node}/status`.
    public func status() async throws(ProxmoxError) -> NodeStatus {
        try NodeStatus(json: try await client.get(base + "/status"))
    }

    /// Maps to `GET /nodes/{node}/storage`, filtered by content type (`rootdir`, `vztmpl`) and enabled state.
    public func storages(content: String? = nil, enabledOnly: Bool = false) async throws(ProxmoxError) -> [StorageSummary] {
        var parameters: [APIParameter] = []
        if let content { parameters.append(APIParameter("content", .string(content))) }
        if enabledOnly { parameters.append(APIParameter("enabled", .bool(true))) }
        return try await client.list(
            try await client.get(base + "/storage", parameters), "storages", { (json) throws(ProxmoxError) in try StorageSummary(json: json) })
    }

    /// Maps to `GET /nodes/{node}/storage/{storage}/status`.
    public func storageStatus(_ storage: String) async throws(ProxmoxError) -> StorageSummary {
        try StorageSummary(json: try await client.get(base + APIPath.make("storage", storage, "status")), storage: storage)
    }

    /// Maps to `GET /nodes/{node}/storage/{storage}/content`, filtered by content type.
    public func storageContent(_ storage: String, content: String? = nil) async throws(ProxmoxError) -> [StorageContentItem] {
        let parameters = content.map { [APIParameter("content", .string($0))] } ?? []
        return try await client.list(
            try await client.get(base + APIPath.make("storage", storage, "content"), parameters), "storage content",
            StorageContentItem.init(json:))
    }

    /// Maps to `GET /nodes/{node}/aplinfo`: the appliance catalog.
    public func applianceTemplates() async throws(ProxmoxError) -> [ApplianceTemplate] {
        let rows = try await client.get(base + "/aplinfo").requireArray("appliances")
        // An empty catalog answers [{}] on some versions: skip rows without a template name.
        return try rows.filter { $0["template"] != nil }.map { (row) throws(ProxmoxError) in try ApplianceTemplate(json: row) }
    }

    /// Maps to `POST /nodes/{node}/aplinfo`: downloads a catalog template to `storage`. Returns the task.
    public func downloadTemplate(_ template: String, to storage: String) async throws(ProxmoxError) -> UPID {
        try await startTask(.post, base + "/aplinfo", [
            APIParameter("storage", .string(storage)), APIParameter("template", .string(template)),
        ])
    }

    /// Maps to `POST /nodes/{node}/storage/{storage}/download-url` with `content=vztmpl`. Returns the task.
    public func downloadURL(
        _ url: String, fileName: String, to storage: String, content: String = "vztmpl",
        checksum: (algorithm: String, value: String)? = nil, verifyCertificates: Bool = true
    ) async throws(ProxmoxError) -> UPID {
        var parameters = [
            APIParameter("content", .string(content)), APIParameter("filename", .string(fileName)),
            APIParameter("url", .string(url)), APIParameter("verify-certificates", .bool(verifyCertificates)),
        ]
        if let checksum {
            parameters.append(APIParameter("checksum", .string(checksum.value)))
            parameters.append(APIParameter("checksum-algorithm", .string(checksum.algorithm)))
        }
        return try await startTask(.post, base + APIPath.make("storage", storage, "download-url"), parameters)
    }

    /// Maps to `GET /nodes/{node}/network`, optionally by type (`any_bridge`, `bridge`, `bond`...).
    public func network(type: String? = nil) async throws(ProxmoxError) -> [HostNetworkInterface] {
        let parameters = type.map { [APIParameter("type", .string($0))] } ?? []
        return try await client.list(try await client.get(base + "/network", parameters), "interfaces", HostNetworkInterface.init(json:))
    }

    /// Maps to `GET /nodes/{node}/hardware/pci` (needs Sys.Audit or Sys.Modify on /).
    public func pciDevices() async throws(ProxmoxError) -> [PCIDeviceInfo] {
        try await client.list(try await client.get(base + "/hardware/pci"), "PCI devices", PCIDeviceInfo.init(json:))
    }

    /// Maps to `GET /nodes/{node}/hardware/usb` (needs Sys.Modify on /).
    public func usbDevices() async throws(ProxmoxError) -> [USBDeviceInfo] {
        try await client.list(try await client.get(base + "/hardware/usb"), "USB devices", USBDeviceInfo.init(json:))
    }

    /// Maps to `GET /nodes/{node}/lxc`.
    public func containers() async throws(ProxmoxError) -> [ContainerStatus] {
        try await client.list(try await client.get(base + "/lxc"), "containers", ContainerStatus.init(json:))
    }

    /// Maps to `POST /nodes/{node}/lxc`. Returns the `vzcreate` task; failures inside the worker show only
    /// when the task is waited for.
    public func createContainer(_ request: ContainerCreateRequest) async throws(ProxmoxError) -> UPID {
        try await startTask(.post, base + "/lxc", try request.parameters())
    }

    /// A handle on one container's endpoints.
    public func container(_ vmid: Int) -> ContainerHandle {
        ContainerHandle(node: self, vmid: vmid)
    }

    /// Performs a call that answers with a UPID.
    func startTask(_ method: APIMethod, _ path: String, _ parameters: [APIParameter] = []) async throws(ProxmoxError) -> UPID {
        let data = try await client.call(APIRequest(method, path, parameters: parameters))
        return try client.upid(from: data, method: method.rawValue, path: path)
    }
}
