/// Cluster-wide endpoints.
extension ProxmoxClient {
    /// Maps to `GET /version`.
    public func version() async throws(ProxmoxError) -> VersionInfo {
        try VersionInfo(json: try await get("/version"))
    }

    /// Maps to `GET /nodes`. Permission-filtered: a token without rights gets an empty list, not a 403.
    public func nodes() async throws(ProxmoxError) -> [NodeSummary] {
        try await list(try await get("/nodes"), "nodes", NodeSummary.init(json:))
    }

    /// Maps to `GET /cluster/status`.
    public func clusterStatus() async throws(ProxmoxError) -> [ClusterStatusEntry] {
        try await list(try await get("/cluster/status"), "cluster status rows", ClusterStatusEntry.init(json:))
    }

    /// Maps to `GET /cluster/resources`, optionally filtered by `type` (`vm`, `storage`, `node`, `sdn`).
    public func clusterResources(type: String? = nil) async throws(ProxmoxError) -> [ClusterResource] {
        let parameters = type.map { [APIParameter("type", .string($0))] } ?? []
        return try await list(try await get("/cluster/resources", parameters), "cluster resources", ClusterResource.init(json:))
    }

    /// Maps to `GET /cluster/nextid`: the next free VMID, or, with `requested`, that id if it is free.
    /// Not a reservation: a create can still race with another creator.
    /// - Throws: ``ProxmoxError`` `.parameterVerification` with `parameterErrors["vmid"]` when `requested` is taken;
    ///   `.decoding` when the answer is not an id in Proxmox VE's range (``validIDs``).
    public func nextID(requested: Int? = nil) async throws(ProxmoxError) -> Int {
        let parameters = requested.map { [APIParameter("vmid", .integer($0))] } ?? []
        let data = try await get("/cluster/nextid", parameters)
        guard let id = data.intValue else {
            throw ProxmoxError(.decoding, message: "nextid answered \(data.serialized()), not an id", method: "GET", path: "/cluster/nextid")
        }
        guard Self.validIDs.contains(id) else {
            throw ProxmoxError(.decoding, message: "nextid answered \(id), outside Proxmox VE's container ids "
                                   + "\(Self.validIDs.lowerBound)…\(Self.validIDs.upperBound); it is not used",
                               method: "GET", path: "/cluster/nextid")
        }
        return id
    }

    /// The guest ids Proxmox VE accepts (`pve-vmid`): 100 to 999,999,999.
    public static let validIDs = 100...999_999_999

    /// Maps to `GET /storage`: the storage definitions of the datacenter.
    public func storageDefinitions() async throws(ProxmoxError) -> [JSONValue] {
        try await get("/storage").requireArray("storage definitions")
    }

    /// Maps to `GET /pools`.
    public func pools() async throws(ProxmoxError) -> [Pool] {
        try await list(try await get("/pools"), "pools", Pool.init(json:))
    }

    /// Maps to `POST /pools`.
    public func createPool(_ poolid: String, comment: String? = nil) async throws(ProxmoxError) {
        var parameters = [APIParameter("poolid", .string(poolid))]
        if let comment { parameters.append(APIParameter("comment", .string(comment))) }
        _ = try await call(APIRequest(.post, "/pools", parameters: parameters))
    }

    /// A handle on one node's endpoints.
    public func node(_ name: String) -> NodeHandle {
        NodeHandle(client: self, name: name)
    }

    /// Decodes each element of a list answer.
    func list<T>(
        _ data: JSONValue, _ what: String, _ make: (JSONValue) throws(ProxmoxError) -> T
    ) async throws(ProxmoxError) -> [T] {
        var items: [T] = []
        for element in try data.requireArray(what) { items.append(try make(element)) }
        return items
    }
}
