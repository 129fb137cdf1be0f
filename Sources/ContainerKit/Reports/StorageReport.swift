public import ProxmoxAPI

/// What `storage --json` prints: a node's storages with type, content, space and health.
public struct StorageReport: Codable, Sendable, Equatable {
    /// The node.
    public var node: String
    /// Why that node (``NodeSelection``).
    public var nodeReason: String
    /// Its storages, in the order given.
    public var storages: [Storage]

    /// The report of `storages` on `node`.
    public init(node: String, nodeReason: String, storages: [StorageSummary]) {
        self.node = node
        self.nodeReason = nodeReason
        self.storages = storages.map(Storage.init)
    }

    /// One storage; sizes in bytes, `null` where the API says nothing.
    public struct Storage: Codable, Sendable, Equatable {
        /// Its name.
        public var storage: String
        /// `dir`, `lvmthin`, `zfspool`...
        public var type: String
        /// What it holds (`rootdir`, `vztmpl`...).
        public var content: [String]
        /// Whether it is active.
        public var active: Bool
        /// Whether it is enabled.
        public var enabled: Bool
        /// Whether every node shares it.
        public var shared: Bool
        /// Its size.
        @ExplicitNull public var total: Int64?
        /// Bytes used.
        @ExplicitNull public var used: Int64?
        /// Bytes free.
        @ExplicitNull public var avail: Int64?
        /// The fraction used, 0 to 1.
        @ExplicitNull public var usedFraction: Double?
        /// ``StorageHealth``.
        public var health: String

        /// The report of `storage`.
        public init(_ storage: StorageSummary) {
            self.storage = storage.storage
            type = storage.type
            content = storage.content
            active = storage.active
            enabled = storage.enabled
            shared = storage.shared
            total = storage.total
            used = storage.used
            avail = storage.available
            usedFraction = storage.usedFraction
            health = StorageHealth(storage).rawValue
        }
    }
}
