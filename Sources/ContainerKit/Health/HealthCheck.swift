import Foundation
public import ProxmoxAPI

/// Whether a container works: it runs, the services that were active still are (systemd units, or OpenRC services
/// on Alpine), and the app's URL answers with an HTTP status below 500, asked from the node through the node shell
/// (with the node's `curl`), so the container's network need not be reachable from where lxc-build runs.
///
/// ``baseline(ctid:node:app:catalogDirectory:recordServices:)`` records what "working" means for a container (before
/// an update); ``check(_:waitUpTo:)`` checks it later, again and again until it is healthy or the time is up.
/// Everything read from inside the container is data: its size is bounded, service names that are not plain unit
/// names are left out, and nothing it says is run on the node.
public struct HealthCheck: Sendable {
    /// How long and how the checks run.
    public struct Options: Sendable {
        /// The URL to ask instead of the catalog's (`--health-url`): `http://` or `https://`, host, port and path.
        public var url: String?
        /// Longest run of each command through the node shell (the service listing inside the container).
        public var commandTimeout: Duration = .seconds(60)
        /// Longest wait for the URL's answer, each time it is asked (curl's `--max-time`).
        public var urlTimeout: Duration = .seconds(10)
        /// Pause between two checks while waiting for a container to become healthy.
        public var retryInterval: Duration = .seconds(3)
        /// Longest start or reboot task (`--restart`).
        public var taskTimeout: Duration = .seconds(300)

        /// Defaults: the catalog's URL, 10 s per answer.
        public init() {}

        /// Refuses a ``url`` that is not an `http://` or `https://` URL of plain characters.
        /// - Throws: ``BuildError`` (64) naming `--health-url` and the value.
        public func validate() throws(BuildError) {
            guard let url else { return }
            guard HealthCheck.isSafeURL(url) else {
                throw BuildError(exitCode: BuildExitCode.usage,
                                 message: "--health-url \(BuildError.quoted(url)): not an http:// or https:// URL "
                                    + "(accepted: http[s]://HOST[:PORT][/PATH], HOST a name, an IPv4 address or [IPv6], at most 2048 characters)")
            }
        }
    }

    /// The API.
    public let client: ProxmoxClient
    /// How commands reach the node and the container.
    public let shell: any NodeShell
    /// The options.
    public let options: Options
    /// Hears each step (one line each).
    public let progress: @Sendable (String) -> Void
    /// The node the shell reaches, once a run has read it (``readingShellNode()``); `nil`: not read, and every
    /// container's services are listed through the shell as it is.
    var shellNode: ShellNode?

    /// Makes a check.
    public init(client: ProxmoxClient, shell: any NodeShell, options: Options = Options(), progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.shell = shell
        self.options = options
        self.progress = progress
    }
}

/// What "working" means for one container, recorded by ``HealthCheck/baseline(ctid:node:app:catalogDirectory:recordServices:)``.
public struct HealthBaseline: Sendable, Equatable {
    /// Container id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Whether it ran when the baseline was recorded.
    public var running: Bool
    /// `systemd`, `openrc`, or `nil` when the container has neither (or was not running).
    public var initSystem: String?
    /// The services that were active (systemd units, OpenRC services started), sorted; each must still be after.
    public var services: [String]
    /// The services that had already failed: their failure afterwards is not the update's.
    public var failedBefore: [String]
    /// The URL asked, `nil` when there is none.
    public var url: String?
    /// Where ``url`` came from (`--health-url`, the catalog script's line and the container's address), or why
    /// there is none.
    public var urlSource: String

    /// Makes a baseline.
    public init(ctid: Int, node: String, running: Bool, initSystem: String? = nil, services: [String] = [], failedBefore: [String] = [],
                url: String? = nil, urlSource: String) {
        self.ctid = ctid
        self.node = node
        self.running = running
        self.initSystem = initSystem
        self.services = services
        self.failedBefore = failedBefore
        self.url = url
        self.urlSource = urlSource
    }

    /// What will be checked, in one line, for plans.
    public var summary: String {
        var parts = ["container \(ctid) runs"]
        if !services.isEmpty {
            let shown = services.prefix(8).joined(separator: ", ") + (services.count > 8 ? " and \(services.count - 8) more" : "")
            parts.append("the \(services.count) \(initSystem ?? "") service\(services.count == 1 ? "" : "s") active now stay\(services.count == 1 ? "s" : "") active (\(shown))")
        }
        if let url { parts.append("\(url) answers below 500 (\(urlSource))") }
        if services.isEmpty && url == nil { parts.append("the app has no URL (\(urlSource)) and no services to check") }
        return parts.joined(separator: ", ")
    }
}

/// The outcome of one part of a health check.
public enum HealthState: String, Sendable, Equatable, Codable {
    /// It works.
    case ok
    /// It does not: the container is unhealthy.
    case failed
    /// It could not be told (no URL, no curl on the node): not counted as a failure.
    case unknown
}

/// One part of a health check: the container runs, its services, its URL.
public struct HealthItem: Sendable, Equatable {
    /// Which part.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The container runs (the API's status).
        case running
        /// The services of the baseline are active, none newly failed.
        case services
        /// The URL answers below 500.
        case url
    }

    /// Which part.
    public var kind: Kind
    /// Its outcome.
    public var state: HealthState
    /// Why, in words; what came from the container is escaped.
    public var reason: String
    /// The HTTP status the URL answered (``Kind/url`` only), `nil` without an answer.
    public var httpStatus: Int?
    /// Seconds the URL took to answer (``Kind/url`` only).
    public var seconds: Double?

    /// Makes an item.
    public init(kind: Kind, state: HealthState, reason: String, httpStatus: Int? = nil, seconds: Double? = nil) {
        self.kind = kind
        self.state = state
        self.reason = reason
        self.httpStatus = httpStatus
        self.seconds = seconds
    }
}

/// The result of ``HealthCheck/check(_:waitUpTo:)``.
public struct HealthResult: Sendable, Equatable {
    /// What was checked against.
    public var baseline: HealthBaseline
    /// Each part's outcome: running, services, URL.
    public var items: [HealthItem]
    /// The services of the baseline that are not active now, and those failed now that were not before.
    public var failedServices: [String]
    /// Whether the container was restarted (`health --restart`) before this result.
    public var restarted = false
    /// Why the restart `health --restart` asked for failed, `nil` when there was none or it worked.
    public var restartFailure: String? = nil

    /// Makes a result.
    public init(baseline: HealthBaseline, items: [HealthItem], failedServices: [String], restarted: Bool = false) {
        self.baseline = baseline
        self.items = items
        self.failedServices = failedServices
        self.restarted = restarted
    }

    /// No part failed (unknown parts do not count).
    public var healthy: Bool { !items.contains { $0.state == .failed } }

    /// The part of `kind`.
    public func item(_ kind: HealthItem.Kind) -> HealthItem? { items.first { $0.kind == kind } }

    /// One line: `healthy` or the failed parts' reasons.
    public var summary: String {
        let failed = items.filter { $0.state == .failed }.map(\.reason)
        return failed.isEmpty ? "healthy" : "unhealthy: " + failed.joined(separator: "; ")
    }
}
