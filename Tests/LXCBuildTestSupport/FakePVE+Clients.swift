import Foundation
public import ProxmoxAPI

/// Clients against a running fake.
extension FakePVE {
    public var endpoint: ProxmoxEndpoint {
        get throws { try ProxmoxEndpoint(parsing: info.url) }
    }

    public var fingerprint: CertificateFingerprint {
        get throws { try CertificateFingerprint(parsing: info.fingerprint) }
    }

    /// A root@pam password client trusting the fake's certificate by fingerprint.
    public func passwordClient(
        password: String = "secret", trust: TLSTrust? = nil, retry: RetryPolicy = .fast, renewAfter: Duration = .seconds(3600),
        requestTimeout: Duration = .seconds(20)
    ) throws -> ProxmoxClient {
        try client(
            credentials: .password(username: "root@pam", password: password), trust: trust, retry: retry, renewAfter: renewAfter,
            requestTimeout: requestTimeout)
    }

    /// A libcurl transport trusting the fake by fingerprint.
    public func curlTransport(trust: TLSTrust? = nil, requestTimeout: Duration = .seconds(20)) throws -> CurlTransport {
        var configuration = CurlTransport.Configuration()
        configuration.trust = try trust ?? .fingerprint(fingerprint)
        configuration.requestTimeout = requestTimeout
        return CurlTransport(configuration: configuration)
    }

    /// A client with any credentials.
    public func client(
        credentials: Credentials, trust: TLSTrust? = nil, retry: RetryPolicy = .fast, renewAfter: Duration = .seconds(3600),
        requestTimeout: Duration = .seconds(20)
    ) throws -> ProxmoxClient {
        let transport = HTTPAPITransport(
            endpoint: try endpoint, credentials: credentials, http: try curlTransport(trust: trust, requestTimeout: requestTimeout),
            renewTicketAfter: renewAfter)
        return ProxmoxClient(transport: transport, retryPolicy: retry)
    }

    /// Container ids on every node, read back through the API.
    public func containerIDs() async throws -> [Int] {
        try await passwordClient().clusterResources(type: "vm").filter { $0.type == "lxc" }.compactMap(\.vmid).sorted()
    }

    /// Requests other than reads and logins: what changed state.
    public func writes() throws -> [(method: String, path: String)] {
        try requests().filter { $0.method != "GET" && !$0.path.hasSuffix("/access/ticket") }
    }

    /// How many `method` requests whose path ends in `pathSuffix` the fake has received (0 when it cannot be asked).
    public func received(_ method: String, pathSuffix: String) -> Int {
        (try? requests().filter { $0.method == method && $0.path.hasSuffix(pathSuffix) }.count) ?? 0
    }

    /// Waits (at most `limit`) until the fake has received `count` `method` requests whose path ends in
    /// `pathSuffix`: a test that stops a run in the middle of a task starts it, then waits for its request.
    /// The bound is long because it is only a guard against a run that never sends the request: at the start of a
    /// ThreadSanitizer run on two cores, a create's reads before its POST took more than 30 s.
    /// - Returns: Whether they arrived in time.
    public func waitUntilReceived(_ method: String, pathSuffix: String, count: Int = 1, limit: Duration = .seconds(300)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while clock.now < end {
            if received(method, pathSuffix: pathSuffix) >= count { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    /// The form parameters of every recorded `method` request whose path ends in `pathSuffix`, decoded, in order.
    public func recordedParameters(_ method: String, pathSuffix: String) throws -> [[String: String]] {
        let rows = try command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
        return rows.compactMap { row -> [String: String]? in
            guard row.count > 2, row[0] as? String == method, (row[1] as? String)?.hasSuffix(pathSuffix) == true,
                  let body = row[2] as? String else { return nil }
            var parameters: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return parameters
        }
    }

    /// The file name of the Debian 12 template the tests use.
    public static let debianTemplate = "debian-12-standard_12.7-1_amd64.tar.zst"

    /// Gives the fake an appliance catalog listing `templates`; a download takes `seconds` real seconds as a
    /// running `download` task, then stores the file, or fails with `TASK ERROR: error` (the harness's
    /// `serve_catalog`).
    public func serveCatalog(_ templates: [String] = [FakePVE.debianTemplate], seconds: Double = 0, error: String = "") throws {
        try command(["op": "catalog", "templates": templates, "seconds": seconds, "error": error])
    }

    /// Makes `GET /nodes/{node}/network` list `rows` (PVE's rows: `iface`, `type`, `bridge_vlan_aware`, `bridge_ports`)
    /// instead of fakepve's fixed `vmbr0` and `eno1`; `type=any_bridge` lists only the bridges and SDN vnets.
    public func serveNetwork(node: String = "pve1", _ rows: [[String: Any]]) throws {
        try command(["op": "network", "node": node, "rows": rows])
    }

    /// Puts a Debian 12 template into `local`.
    public func storeDebianTemplate() throws {
        try call("store_file", ["local", FakePVE.debianTemplate, 123_456_789], ["content": "vztmpl"])
    }
}

extension RetryPolicy {
    /// Retries with tiny waits, so tests stay quick.
    public static var fast: RetryPolicy {
        RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10), maxDelay: .milliseconds(50))
    }
}
