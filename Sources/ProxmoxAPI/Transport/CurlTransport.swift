import CCurl
import Foundation
public import Logging
import Synchronization

/// The production ``HTTPTransport``: libcurl, each transfer on a thread of its own so the blocking
/// `curl_easy_perform` never occupies Swift's cooperative pool, and independent requests overlap.
///
/// Handles are pooled so keep-alive connections are reused. TLS trust follows
/// ``Configuration/trust``; `http://` is refused unless ``Configuration/allowPlainHTTPOnLoopback``
/// is set and the host is a loopback address.
public final class CurlTransport: HTTPTransport {
    /// Transport options.
    public struct Configuration: Sendable {
        /// How the server certificate is trusted.
        public var trust: TLSTrust = .system
        /// Longest wait for the TCP and TLS connection.
        public var connectTimeout: Duration = .seconds(10)
        /// Longest time one request may take, connection included.
        public var requestTimeout: Duration = .seconds(60)
        /// Allow `http://` to a loopback address (tests only; PVE itself serves only HTTPS).
        public var allowPlainHTTPOnLoopback = false
        /// The `User-Agent` header.
        public var userAgent = "lxc-build"
        /// Largest answer body read, in bytes; a longer one ends the request with a ``ProxmoxError/Code/decoding``
        /// error (`nil`: no limit). By default ``defaultMaximumBodySize``: a server's answer is untrusted and may not
        /// fill this machine's memory.
        public var maximumBodySize: Int? = Configuration.defaultMaximumBodySize

        /// 64 MiB: far above the largest answer Proxmox VE sends (`/cluster/resources` of a large cluster is a few MB).
        public static let defaultMaximumBodySize = 64 << 20

        /// Defaults: system trust, 10 s to connect, 60 s per request, answers up to 64 MiB.
        public init() {}
    }

    /// The options this transport was made with.
    public let configuration: Configuration
    // NSLock (a pthread mutex) rather than Synchronization.Mutex: ThreadSanitizer sees its ordering.
    private let handleLock = NSLock()
    nonisolated(unsafe) private var idleHandles: [CurlEasyHandle] = []

    /// Makes a transport. Logs a warning through `logger` when trust is ``TLSTrust/insecure``.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "lxc-build.proxmox")) {
        self.configuration = configuration
        if case .insecure = configuration.trust {
            logger.warning(
                "TLS certificate verification is OFF: anyone between this machine and the Proxmox host can read the credentials. Pin the certificate fingerprint (PROXMOX_VE_FINGERPRINT) or give the cluster CA (PROXMOX_VE_CA_FILE) instead."
            )
        }
    }

    public func send(_ request: HTTPRequest) async throws(ProxmoxError) -> HTTPResponse {
        try checkScheme(of: request)
        let cancellation = CancellationFlag()
        let result: Result<HTTPResponse, ProxmoxError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A thread of its own per transfer: Dispatch's shared pools run only as many blocking
                // work items as there are cores, which would queue independent requests behind each other.
                let thread = Thread { [self] in
                    continuation.resume(returning: perform(request, cancellation: cancellation))
                }
                thread.name = "lxc-build.curl"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }

    private func checkScheme(of request: HTTPRequest) throws(ProxmoxError) {
        guard let components = URLComponents(string: request.url), let scheme = components.scheme?.lowercased() else {
            throw ProxmoxError(.invalidArgument, message: "'\(request.url)' is not a URL", method: request.method)
        }
        if scheme == "https" { return }
        if scheme == "http" && configuration.allowPlainHTTPOnLoopback && LoopbackHost.isLoopback(components.host ?? "") {
            return
        }
        throw ProxmoxError(
            .invalidArgument,
            message: "refusing \(scheme):// for \(components.host ?? "?"): Proxmox VE is reached over https:// only "
                + "(credentials would travel in clear text)",
            method: request.method)
    }

    private func perform(_ request: HTTPRequest, cancellation: CancellationFlag) -> Result<HTTPResponse, ProxmoxError> {
        let handle: CurlEasyHandle
        if let idle = handleLock.withLock({ idleHandles.popLast() }) {
            handle = idle
        } else {
            do throws(ProxmoxError) {
                handle = try CurlEasyHandle(api: try CurlLibrary.shared.get())
            } catch {
                return .failure(error)
            }
        }
        let result = handle.perform(request, configuration: configuration, cancellation: cancellation)
        handleLock.withLock {
            if idleHandles.count < 8 { idleHandles.append(handle) }
        }
        return result
    }
}

/// Set from another thread when the calling task is cancelled; read by libcurl's progress callback.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Loopback addresses: `localhost`, 127.0.0.0/8, `::1`.
enum LoopbackHost {
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }
}
