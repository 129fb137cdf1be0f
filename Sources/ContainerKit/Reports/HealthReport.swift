/// What `health --json` prints: each selected container's health, and whether all are healthy.
public struct HealthReport: Codable, Sendable, Equatable {
    /// `healthy` when every container is, else `unhealthy` (exit 86).
    public var status: String
    /// How many containers are healthy.
    public var healthy: Int
    /// How many are not.
    public var unhealthy: Int
    /// Each container, in the selection's order.
    public var containers: [Container]
    /// Containers that could not be read while selecting.
    public var warnings: [String]

    /// A report of `containers`.
    public init(containers: [Container], warnings: [String] = []) {
        self.containers = containers
        self.warnings = warnings
        healthy = containers.filter(\.healthy).count
        unhealthy = containers.count - healthy
        status = unhealthy == 0 ? "healthy" : "unhealthy"
    }

    /// One part's outcome.
    public struct Check: Codable, Sendable, Equatable {
        /// `ok`, `failed` or `unknown` (unknown is not a failure).
        public var state: HealthState
        /// Why, in words (what came from the container escaped or left out).
        public var reason: String

        /// Makes a check.
        public init(state: HealthState, reason: String) {
            self.state = state
            self.reason = reason
        }
    }

    /// One container's health.
    public struct Container: Codable, Sendable, Equatable {
        /// Container ID.
        public var ctid: Int
        /// Its node.
        public var node: String
        /// No part failed.
        public var healthy: Bool
        /// The container runs.
        public var running: Check
        /// Its services.
        public var services: Check
        /// The services not active that should be, and those failed, with their state (`demo.service (failed)`).
        public var failedServices: [String]
        /// Its URL's answer.
        public var urlCheck: Check
        /// The URL asked, `null` when there is none.
        @ExplicitNull public var url: String?
        /// Where the URL came from, or why there is none.
        public var urlSource: String
        /// The HTTP status it answered, `null` without an answer.
        @ExplicitNull public var httpStatus: Int?
        /// Seconds the answer took, `null` when not asked.
        @ExplicitNull public var seconds: Double?
        /// Whether it was restarted (`--restart`) before this result.
        public var restarted: Bool
        /// Why the restart failed, `null` when there was none or it worked.
        @ExplicitNull public var restartFailure: String?

        /// The report of `result`.
        public init(_ result: HealthResult) {
            let missing = Check(state: .unknown, reason: "not checked")
            func check(_ kind: HealthItem.Kind) -> Check { result.item(kind).map { Check(state: $0.state, reason: $0.reason) } ?? missing }
            ctid = result.baseline.ctid
            node = result.baseline.node
            healthy = result.healthy
            running = check(.running)
            services = check(.services)
            failedServices = result.failedServices
            urlCheck = check(.url)
            url = result.baseline.url
            urlSource = result.baseline.urlSource
            httpStatus = result.item(.url)?.httpStatus
            seconds = result.item(.url)?.seconds
            restarted = result.restarted
            restartFailure = result.restartFailure
        }

        /// A container that could not be read: unhealthy, with `reason`.
        public init(unreadable ctid: Int, node: String, reason: String) {
            let unknown = Check(state: .unknown, reason: "not checked")
            self.ctid = ctid
            self.node = node
            healthy = false
            running = Check(state: .failed, reason: reason)
            services = unknown
            failedServices = []
            urlCheck = unknown
            url = nil
            urlSource = "not read"
            httpStatus = nil
            seconds = nil
            restarted = false
            restartFailure = nil
        }
    }
}
