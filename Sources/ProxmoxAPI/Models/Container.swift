/// What `POST /nodes/{node}/lxc` needs beyond the shared ``ContainerOptions``.
public struct ContainerCreateRequest: Sendable, Equatable {
    /// The new container's id.
    public var vmid: Int
    /// `STORAGE:vztmpl/FILE`.
    public var osTemplate: String
    /// The shared options (hostname, resources, network, features...).
    public var options: ContainerOptions
    /// Root password; sent as a secret, never printed.
    public var password: String?
    /// OpenSSH public keys, one per line.
    public var sshPublicKeys: String?
    /// Default storage for `rootfs` and new mount points.
    public var storage: String?
    /// Pool to add the container to.
    public var pool: String?
    /// Start once created.
    public var start: Bool?
    /// Restore ``osTemplate``, a backup archive (`STORAGE:backup/vzdump-lxc-…`), instead of creating from a template.
    public var restore: Bool?
    /// With ``restore``: overwrite the existing (stopped) container of ``vmid``.
    public var force: Bool?
    /// With ``restore``: new MAC addresses for the restored interfaces.
    public var unique: Bool?

    /// Makes a request.
    public init(vmid: Int, osTemplate: String, options: ContainerOptions = ContainerOptions()) {
        self.vmid = vmid
        self.osTemplate = osTemplate
        self.options = options
    }

    /// A restore of backup `archive` (`STORAGE:backup/FILE`) as container `vmid`, its volumes on `storage` (`nil`:
    /// PVE's default); `force` overwrites an existing stopped container of that id.
    public static func restore(
        vmid: Int, archive: String, storage: String?, force: Bool = false, unique: Bool = false, start: Bool = false
    ) -> ContainerCreateRequest {
        var request = ContainerCreateRequest(vmid: vmid, osTemplate: archive)
        request.storage = storage
        request.restore = true
        request.force = force ? true : nil
        request.unique = unique ? true : nil
        request.start = start ? true : nil
        return request
    }

    /// The wire parameters.
    public func parameters() throws(ProxmoxError) -> [APIParameter] {
        var parameters = [APIParameter("vmid", .integer(vmid)), APIParameter("ostemplate", .string(osTemplate))]
        parameters += try options.parameters()
        if let password { parameters.append(APIParameter("password", .secret(password))) }
        if let sshPublicKeys { parameters.append(APIParameter("ssh-public-keys", .string(sshPublicKeys))) }
        if let storage { parameters.append(APIParameter("storage", .string(storage))) }
        if let pool { parameters.append(APIParameter("pool", .string(pool))) }
        if let start { parameters.append(APIParameter("start", .bool(start))) }
        if let restore { parameters.append(APIParameter("restore", .bool(restore))) }
        if let force { parameters.append(APIParameter("force", .bool(force))) }
        if let unique { parameters.append(APIParameter("unique", .bool(unique))) }
        return parameters
    }
}

/// `PUT /nodes/{node}/lxc/{vmid}/config`: options to set, keys to delete, optional digest lock.
public struct ContainerConfigUpdate: Sendable, Equatable {
    /// Options to set.
    public var options: ContainerOptions
    /// Option names to remove (`dev0`, `mp1`).
    public var delete: [String]
    /// The `digest` of the config this update was computed from; PVE refuses the update if it changed.
    public var digest: String?

    /// Makes an update.
    public init(options: ContainerOptions = ContainerOptions(), delete: [String] = [], digest: String? = nil) {
        self.options = options
        self.delete = delete
        self.digest = digest
    }

    /// The wire parameters.
    public func parameters() throws(ProxmoxError) -> [APIParameter] {
        var parameters = try options.parameters()
        if !delete.isEmpty { parameters.append(APIParameter("delete", .string(delete.joined(separator: ",")))) }
        if let digest { parameters.append(APIParameter("digest", .string(digest))) }
        return parameters
    }
}

/// `GET /nodes/{node}/lxc/{vmid}/config`.
public struct ContainerConfig: Sendable, Equatable {
    /// The typed options.
    public var options: ContainerOptions
    /// SHA-1 of the config, for ``ContainerConfigUpdate/digest``.
    public var digest: String?
    /// A lock (`create`, `backup`, `mounted`, `disk`...) while an operation holds the container.
    public var lock: String?
    /// Raw `lxc.*` lines (read-only through the API).
    public var lxcLines: [(key: String, value: String)] {
        (raw["lxc"]?.arrayValue ?? []).compactMap { pair in
            guard let key = pair[0]?.stringValue, let value = pair[1]?.stringValue else { return nil }
            return (key, value)
        }
    }
    /// The answer as sent.
    public var raw: JSONValue

    /// Reads the answer.
    public init(json: JSONValue) throws(ProxmoxError) {
        _ = try json.requireObject("container config")
        options = try ContainerOptions(config: json)
        digest = json["digest"]?.stringValue
        lock = json["lock"]?.stringValue
        raw = json
    }

    public static func == (lhs: ContainerConfig, rhs: ContainerConfig) -> Bool { lhs.raw == rhs.raw }
}

/// A row of `GET /nodes/{node}/lxc`, or `GET .../status/current`.
public struct ContainerStatus: Sendable, Equatable {
    /// Container id (older PVE sends it as a string).
    public var vmid: Int
    /// Host name.
    public var name: String?
    /// `running` or `stopped`.
    public var status: String
    /// A lock held on the container.
    public var lock: String?
    /// Tags.
    public var tags: [String]
    /// Memory in use and allowed, bytes.
    public var memory: Int64?
    /// Memory limit or total, bytes.
    public var maxMemory: Int64?
    /// Seconds since start.
    public var uptime: Int64?
    /// The row as sent.
    public var raw: JSONValue

    /// `true` while running.
    public var isRunning: Bool { status == "running" }

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        guard let vmid = json["vmid"]?.intValue else {
            throw ProxmoxError(.decoding, message: "container row has no 'vmid': \(json.serialized().prefix(200))")
        }
        self.vmid = vmid
        name = json["name"]?.stringValue
        status = json["status"]?.stringValue ?? "unknown"
        lock = json["lock"]?.stringValue
        tags = json.list("tags")
        memory = json["mem"]?.countValue
        maxMemory = json["maxmem"]?.countValue
        uptime = json["uptime"]?.countValue
        raw = json
    }
}

/// A row of `GET /nodes/{node}/lxc/{vmid}/interfaces` (PVE 8.0+): what the container's interfaces carry.
public struct ContainerInterface: Sendable, Equatable {
    /// Interface name (`eth0`, `lo`).
    public var name: String
    /// MAC address.
    public var hardwareAddress: String?
    /// IPv4 address with prefix.
    public var inet: String?
    /// IPv6 address with prefix.
    public var inet6: String?
    /// The row as sent.
    public var raw: JSONValue

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        name = try json.requireString("name", in: "container interface row")
        hardwareAddress = json["hwaddr"]?.stringValue ?? json["hardware-address"]?.stringValue
        inet = json["inet"]?.stringValue
        inet6 = json["inet6"]?.stringValue
        raw = json
    }
}
