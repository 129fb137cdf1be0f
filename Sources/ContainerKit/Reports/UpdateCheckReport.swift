/// What `update --check` prints: per selected container the installed and the latest version and the OS's pending
/// package updates. Nothing was changed; what could not be told is `null` (unknown).
public struct UpdateCheckReport: Codable, Sendable, Equatable {
    /// Whether a container's app is behind its latest release.
    public enum AppStatus: String, Codable, Sendable, Equatable {
        /// The installed version is the latest release.
        case upToDate = "up-to-date"
        /// The latest release is another version than the installed one.
        case updateAvailable = "update-available"
        /// The installed or the latest version is unknown.
        case unknown
    }

    /// One container.
    public struct Container: Codable, Sendable, Equatable {
        /// Container id.
        public var ctid: Int
        /// Its node, when known.
        @ExplicitNull public var node: String?
        /// Whether it runs (a stopped one is not read inside: the notes' version, OS updates unknown).
        public var running = false
        /// The app (its `ct/APP.sh`), when known.
        @ExplicitNull public var app: String?
        /// The installed version, when known.
        @ExplicitNull public var installed: String?
        /// Where it was read: `~/.<app>` inside the container, or `notes`.
        @ExplicitNull public var installedFrom: String?
        /// The repository of the script's `check_for_gh_release`.
        @ExplicitNull public var repository: String?
        /// The latest release's tag, when known.
        @ExplicitNull public var latest: String?
        /// Whether an app update is available.
        public var status: AppStatus = .unknown
        /// How many package updates the OS has pending (apt, apk), `null` when unknown.
        @ExplicitNull public var osUpdates: Int?
        /// Why something is unknown.
        public var problems: [String] = []

        /// A row with nothing known yet.
        public init(ctid: Int, node: String?) {
            self.ctid = ctid
            self.node = node
        }

        /// Sets ``status`` from the two versions, a leading `v` left out on both sides (`v2.0.0` is `2.0.0`).
        mutating func decide() {
            guard let installed, let latest else { status = .unknown; return }
            status = Self.bare(installed) == Self.bare(latest) ? .upToDate : .updateAvailable
        }

        private static func bare(_ version: String) -> String {
            version.lowercased().hasPrefix("v") ? String(version.dropFirst()).lowercased() : version.lowercased()
        }
    }

    /// Every selected container, in selection order.
    public var containers: [Container]

    /// A report of `containers`.
    public init(containers: [Container]) {
        self.containers = containers
    }
}
