/// A row of `GET /nodes`.
public struct NodeSummary: Sendable, Equatable {
    /// Node name (use it in URLs, not the IP).
    public var node: String
    /// `online`, `offline` or `unknown`.
    public var status: String
    /// CPU usage, 0-1.
    public var cpu: Double?
    /// CPU count.
    public var maxCPU: Int?
    /// Memory used and total, bytes.
    public var memory: Int64?
    /// Memory limit or total, bytes.
    public var maxMemory: Int64?
    /// SHA-256 fingerprint of the node's certificate, as PVE shows it.
    public var sslFingerprint: String?
    /// The row as sent.
    public var raw: JSONValue

    /// `true` when the node is online.
    public var isOnline: Bool { status == "online" }
    /// Free memory in bytes, when known.
    public var freeMemory: Int64? {
        guard let total = maxMemory, let used = memory else { return nil }
        return max(0, total - used)  // both are counts (never negative), so this cannot overflow
    }

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        node = try json.requireString("node", in: "node row")
        status = json["status"]?.stringValue ?? "unknown"
        cpu = json["cpu"]?.doubleValue
        maxCPU = json["maxcpu"]?.intValue
        memory = json["mem"]?.countValue
        maxMemory = json["maxmem"]?.countValue
        sslFingerprint = json["ssl_fingerprint"]?.stringValue
        raw = json
    }

    /// The node as a `node` row of `GET /cluster/status` describes it: name and membership only (no CPU or
    /// memory). `online` missing counts as online for the node answering (it answered) and as `unknown` otherwise.
    /// - Returns: `nil` for a row that is not a `node` row or has no name.
    public init?(clusterStatus row: ClusterStatusEntry) {
        guard row.type == "node", !row.name.isEmpty else { return nil }
        node = row.name
        switch row.online {
        case true?: status = "online"
        case false?: status = "offline"
        case nil: status = row.isLocal == true ? "online" : "unknown"
        }
        raw = row.raw
    }
}

/// `GET /nodes/{node}/status` (the fields an LXC builder uses; all in ``raw``).
public struct NodeStatus: Sendable, Equatable {
    /// `pve-manager/8.4.1/...`.
    public var pveVersion: String?
    /// Kernel version text.
    public var kernelVersion: String?
    /// Memory total and free, bytes.
    public var memoryTotal: Int64?
    /// Free memory, bytes.
    public var memoryFree: Int64?
    /// CPU count.
    public var cpus: Int?
    /// The answer as sent.
    public var raw: JSONValue

    /// Reads the answer.
    public init(json: JSONValue) throws(ProxmoxError) {
        let object = try json.requireObject("node status")
        pveVersion = object["pveversion"]?.stringValue
        kernelVersion = object["kversion"]?.stringValue
        memoryTotal = object["memory"]?["total"]?.countValue
        memoryFree = object["memory"]?["free"]?.countValue
        cpus = object["cpuinfo"]?["cpus"]?.intValue
        raw = json
    }
}

/// A row of `GET /cluster/status`: one `cluster` row when clustered, one `node` row per node.
public struct ClusterStatusEntry: Sendable, Equatable {
    /// `cluster` or `node`.
    public var type: String
    /// Cluster or node name.
    public var name: String
    /// Cluster rows: whether the cluster has quorum.
    public var quorate: Bool?
    /// Node rows: whether the node is online.
    public var online: Bool?
    /// Node rows: whether this is the node answering.
    public var isLocal: Bool?
    /// Node rows: the node's address.
    public var ip: String?
    /// The row as sent.
    public var raw: JSONValue

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        type = try json.requireString("type", in: "cluster status row")
        name = json["name"]?.stringValue ?? ""
        quorate = json["quorate"]?.boolValue
        online = json["online"]?.boolValue
        isLocal = json["local"]?.boolValue
        ip = json["ip"]?.stringValue
        raw = json
    }
}

/// A row of `GET /cluster/resources`.
public struct ClusterResource: Sendable, Equatable {
    /// `qemu/100`, `lxc/101`, `storage/pve1/local`, `node/pve1`.
    public var id: String
    /// `qemu`, `lxc`, `storage`, `node`, `pool`, `sdn`.
    public var type: String
    /// Node the resource is on.
    public var node: String?
    /// Guest id.
    public var vmid: Int?
    /// Guest name.
    public var name: String?
    /// Status text.
    public var status: String?
    /// Storage id for storage rows.
    public var storage: String?
    /// A guest's tags (`[]` when it has none); `nil` when the row has no `tags` field at all.
    public var tags: [String]?
    /// The row as sent.
    public var raw: JSONValue

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        id = try json.requireString("id", in: "cluster resource row")
        type = json["type"]?.stringValue ?? ""
        node = json["node"]?.stringValue
        vmid = json["vmid"]?.intValue
        name = json["name"]?.stringValue
        status = json["status"]?.stringValue
        storage = json["storage"]?.stringValue
        tags = json["tags"] == nil ? nil : json.list("tags")
        raw = json
    }
}
