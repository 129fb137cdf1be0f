import ProxmoxAPI

extension ContainerList {
    /// Which of the built containers `list` shows (`--app`, `--tag`, `--stack`, `--status`): all of those given must
    /// match. Text is compared without regard to case, whole (`web` is not `web1`).
    public struct Filter: Sendable, Equatable {
        /// The states `--status` accepts.
        public enum Status: String, Sendable, Equatable, CaseIterable {
            /// Running containers.
            case running
            /// Stopped containers.
            case stopped
        }

        /// The app the notes name.
        public var app: String?
        /// A tag the container carries.
        public var tag: String?
        /// The stack whose marker the notes carry.
        public var stack: String?
        /// The status `/cluster/resources` reports.
        public var status: Status?

        /// A filter; what is `nil` keeps every container.
        public init(app: String? = nil, tag: String? = nil, stack: String? = nil, status: Status? = nil) {
            self.app = app
            self.tag = tag
            self.stack = stack
            self.status = status
        }

        /// Whether the resource row can match before its configuration is read: its status, and its tags when the
        /// row has them (the configuration is checked again once read).
        func admits(row: ClusterResource) -> Bool {
            if let status, row.status != status.rawValue { return false }
            if let tag, let tags = row.tags, !Self.contains(tags, tag) { return false }
            return true
        }

        /// Whether `entry`, whose configuration carries `tags`, matches.
        func admits(_ entry: ListedContainer, tags: [String]) -> Bool {
            if let status, entry.status != status.rawValue { return false }
            if let tag, !Self.contains(tags, tag) { return false }
            if let app, entry.notes.app?.lowercased() != app.lowercased() { return false }
            if let stack, entry.notes.stack?.lowercased() != stack.lowercased() { return false }
            return true
        }

        static func contains(_ tags: [String], _ tag: String) -> Bool {
            tags.contains { $0.lowercased() == tag.lowercased() }
        }
    }
}
