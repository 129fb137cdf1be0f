/// Snapshots of one container: what `lxc-build update` protects an update with.
extension ContainerHandle {
    /// Maps to `POST /nodes/{node}/lxc/{vmid}/snapshot`. Returns the `vzsnapshot` task; a storage that cannot
    /// snapshot fails the task ("snapshot feature is not available").
    public func snapshot(_ name: String, description: String? = nil) async throws(ProxmoxError) -> UPID {
        var parameters = [APIParameter("snapname", .string(name))]
        if let description { parameters.append(APIParameter("description", .string(description))) }
        return try await node.startTask(.post, base + "/snapshot", parameters)
    }

    /// Maps to `DELETE /nodes/{node}/lxc/{vmid}/snapshot/{snapname}`. Returns the `vzdelsnapshot` task.
    public func deleteSnapshot(_ name: String) async throws(ProxmoxError) -> UPID {
        try await node.startTask(.delete, base + APIPath.make("snapshot", name))
    }

    /// Maps to `POST /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback`: the container stops and its disks and
    /// configuration return to the snapshot; with `start` it is started again afterwards. Returns the `vzrollback` task.
    public func rollback(to name: String, start: Bool = false) async throws(ProxmoxError) -> UPID {
        let parameters = start ? [APIParameter("start", .bool(true))] : []
        return try await node.startTask(.post, base + APIPath.make("snapshot", name, "rollback"), parameters)
    }

    /// Maps to `GET /nodes/{node}/lxc/{vmid}/snapshot`: the snapshot names (`current` excluded).
    public func snapshotNames() async throws(ProxmoxError) -> [String] {
        try await client.get(base + "/snapshot").requireArray("snapshots").compactMap { $0["name"]?.stringValue }.filter { $0 != "current" }
    }
}
