public import ProxmoxAPI

/// What `nodes --json` prints: the cluster's nodes with status and resources, `null` where the API says nothing.
public struct NodesReport: Codable, Sendable, Equatable {
    /// The nodes, by name.
    public var nodes: [Node]

    /// The report of `nodes`, in the order given.
    public init(nodes: [NodeSummary]) {
        self.nodes = nodes.map(Node.init)
    }

    /// One node, under the API's own names.
    public struct Node: Codable, Sendable, Equatable {
        /// Its name.
        public var node: String
        /// `online`, `offline`...
        public var status: String
        /// CPU use, 0 to 1.
        @ExplicitNull public var cpu: Double?
        /// Its CPUs.
        @ExplicitNull public var maxcpu: Int?
        /// Memory used, in bytes.
        @ExplicitNull public var mem: Int64?
        /// Memory, in bytes.
        @ExplicitNull public var maxmem: Int64?
        /// Memory free, in bytes.
        @ExplicitNull public var freemem: Int64?

        /// The report of `node`.
        public init(_ node: NodeSummary) {
            self.node = node.node
            status = node.status
            cpu = node.cpu
            maxcpu = node.maxCPU
            mem = node.memory
            maxmem = node.maxMemory
            freemem = node.freeMemory
        }
    }
}
