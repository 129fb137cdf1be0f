public import ProxmoxAPI

/// What `inspect --json` prints: the container's node and status, and its configuration as the API gives it.
public struct InspectReport: Codable, Sendable, Equatable {
    /// Container ID.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// `running`, `stopped`...
    public var status: String
    /// `GET /nodes/{node}/lxc/{ctid}/config` as the API answered.
    public var config: JSONValue

    /// The report of a container read by ``ContainerLookup/read(_:given:client:)``.
    public init(ctid: Int, node: String, config: ContainerConfig, status: ContainerStatus) {
        self.ctid = ctid
        self.node = node
        self.status = status.status
        self.config = config.raw.objectValue == nil ? .object([:]) : config.raw
    }
}
