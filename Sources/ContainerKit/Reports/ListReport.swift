/// What `list --json` prints: the containers lxc-build or the community scripts built (those the filters keep), how
/// many others were left out, how many the filters left out, and warnings.
public struct ListReport: Codable, Sendable, Equatable {
    /// The containers listed.
    public var containers: [Container]
    /// How many other containers (built by neither) were left out.
    public var skipped: Int
    /// What could not be read.
    public var warnings: [String]
    /// How many built containers the filters (`--app`, `--tag`, `--stack`, `--status`) left out.
    public var filtered: Int

    /// The report of `listing`.
    public init(listing: ContainerListing) {
        containers = listing.containers.map(Container.init)
        skipped = listing.skipped
        warnings = listing.warnings
        filtered = listing.filtered
    }

    /// One container; what its notes do not say is `null`.
    public struct Container: Codable, Sendable, Equatable {
        /// Container ID.
        public var ctid: Int
        /// Its node.
        public var node: String
        /// Its host name.
        @ExplicitNull public var hostname: String?
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
        /// The stack whose marker its notes carry.
        @ExplicitNull public var stack: String?

        /// The report of `entry`.
        public init(_ entry: ListedContainer) {
            ctid = entry.ctid
            node = entry.node
            hostname = entry.hostname
            builtBy = entry.notes.origin.rawValue
            app = entry.notes.app
            status = entry.status
            address = entry.address
            template = entry.notes.template
            created = entry.notes.created
            version = entry.notes.version
            stack = entry.notes.stack
        }
    }
}
