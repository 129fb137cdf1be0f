/// What `destroy CTID --json` prints once the container is removed.
public struct DestroyReport: Codable, Sendable, Equatable {
    /// Container ID.
    public var ctid: Int
    /// The node it was on.
    public var node: String
    /// Always `destroyed`.
    public var status: String

    /// The report of container `ctid` removed from `node`.
    public init(ctid: Int, node: String) {
        self.ctid = ctid
        self.node = node
        status = "destroyed"
    }
}
