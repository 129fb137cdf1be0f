/// The endpoints under `/nodes/{node}/lxc/{vmid}`.
public struct ContainerHandle: Sendable {
    /// The node the container is on.
    public let node: NodeHandle
    /// Container id.
    public let vmid: Int

    var base: String { node.base + APIPath.make("lxc", vmid) }
    var client: ProxmoxClient { node.client }

    /// Maps to `GET /nodes/{node}/lxc/{vmid}/config`.
    public func config() async throws(ProxmoxError) -> ContainerConfig {
        try ContainerConfig(json: try await client.get(base + "/config"))
    }

    /// Maps to `PUT /nodes/{node}/lxc/{vmid}/config` (synchronous: returns once applied).
    public func updateConfig(_ update: ContainerConfigUpdate) async throws(ProxmoxError) {
        _ = try await client.call(APIRequest(.put, base + "/config", parameters: try update.parameters()))
    }

    /// Maps to `GET /nodes/{node}/lxc/{vmid}/status/current`.
    public func status() async throws(ProxmoxError) -> ContainerStatus {
        try ContainerStatus(json: try await client.get(base + "/status/current"))
    }

    /// Maps to `POST .../status/start`. Returns the `vzstart` task.
    public func start() async throws(ProxmoxError) -> UPID {
        try await node.startTask(.post, base + "/status/start")
    }

    /// Maps to `POST .../status/stop` (immediate). Returns the `vzstop` task.
    public func stop() async throws(ProxmoxError) -> UPID {
        try await node.startTask(.post, base + "/status/stop")
    }

    /// Maps to `POST .../status/shutdown`: clean shutdown, `forceStop` after `timeout` seconds.
    public func shutdown(timeout: Int? = nil, forceStop: Bool = false) async throws(ProxmoxError) -> UPID {
        var parameters: [APIParameter] = []
        if let timeout { parameters.append(APIParameter("timeout", .integer(timeout))) }
        if forceStop { parameters.append(APIParameter("forceStop", .bool(true))) }
        return try await node.startTask(.post, base + "/status/shutdown", parameters)
    }

    /// Maps to `POST .../status/reboot`.
    public func reboot() async throws(ProxmoxError) -> UPID {
        try await node.startTask(.post, base + "/status/reboot")
    }

    /// Maps to `DELETE /nodes/{node}/lxc/{vmid}`: removes the container (and with `purge` its
    /// references in jobs and HA). Fails while it runs unless `force`.
    public func destroy(purge: Bool = true, destroyUnreferencedDisks: Bool = true, force: Bool = false) async throws(ProxmoxError) -> UPID {
        var parameters = [
            APIParameter("purge", .bool(purge)), APIParameter("destroy-unreferenced-disks", .bool(destroyUnreferencedDisks)),
        ]
        if force { parameters.append(APIParameter("force", .bool(true))) }
        return try await node.startTask(.delete, base, parameters)
    }

    /// Maps to `PUT .../resize`: grows `disk` (`rootfs`, `mp0`) to `size` (`+2G`, `16G`).
    public func resize(disk: String, size: String) async throws(ProxmoxError) -> UPID {
        try await node.startTask(.put, base + "/resize", [APIParameter("disk", .string(disk)), APIParameter("size", .string(size))])
    }

    /// Maps to `GET .../interfaces` (PVE 8.0+): the addresses the running container's interfaces carry.
    public func interfaces() async throws(ProxmoxError) -> [ContainerInterface] {
        try await client.list(try await client.get(base + "/interfaces"), "interfaces", ContainerInterface.init(json:))
    }
}
