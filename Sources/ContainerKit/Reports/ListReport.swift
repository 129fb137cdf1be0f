/// What `list --json` prints: the containers lxc-build or the community scripts built, how many others were
/// left out, and warnings.
public struct ListReport: Codable, Sendable, Equatable {
    /// The containers listed.
    public var containers: [Container]
    /// How many other containers (built by neither) were left out.
    public var skipped: Int
    /// What could not be read.
    public var warnings: [String]

    /// The report of `listing`.
    public init(listing: ContainerListing) {
        containers = listing.containers.map(Container.init)
        skipped = listing.skipped
        warnings = listing.warnings
    }

    /// One container; what its notes do not say is `null`.
    public struct Container: Codable, Sendable, Equatable {
        /// Container ID.
        public var ctid: Int
        /// Its node.
        public var node: String
        /// `lxc-build` or `community-scripts` (``BuiltContainerNotes/Origin``).
        public var builtBy: String
        /// The app its notes name.
        @ExplicitNull public var app: String?
        /// `running`, `stopped`...
        public var status: String
        /// Its address, when known.
        @ExplicitNull public var address: String?
        /// The template it was created from.
        @ExplicitNull public var template: String?
        /// When it was created.
        @ExplicitNull public var created: String?
        /// The app's version.
        @ExplicitNull public var version: String?

        /// The report of `entry`.
        public init(_ entry: ListedContainer) {
            ctid = entry.ctid
            node = entry.node
            builtBy = entry.notes.origin.rawValue
            app = entry.notes.app
            status = entry.status
            address = entry.address
            template = entry.notes.template
            created = entry.notes.created
            version = entry.notes.version
        }
    }
}
