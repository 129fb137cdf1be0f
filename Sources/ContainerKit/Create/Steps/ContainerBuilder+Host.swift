import ProxmoxAPI

/// What the connect step learned.
struct HostFacts: Sendable {
    let version: VersionInfo
    let identity: String
    let nodes: [NodeSummary]
    let localNode: String?
}

extension ContainerBuilder {
    /// Supported PVE versions: 8.0-8.9 and 9.0-9.2; a newer 9.x only warns.
    static func versionVerdict(_ version: VersionInfo) -> (supported: Bool, warning: String?) {
        switch (version.major, version.minor) {
        case (8?, _?): return (true, nil)
        case (9?, let minor?) where minor <= 2: return (true, nil)
        case (9?, _?): return (true, "Proxmox VE \(version.version) is newer than the versions lxc-build was tested with (8.0-9.2)")
        default: return (false, nil)
        }
    }

    /// Version gate and quorum (`/version`, `/cluster/status`), read together. The nodes and whether they are online
    /// come from the cluster status; `/nodes` (their memory and CPU) is read beside it only for `--node auto`,
    /// whose placement weighs memory.
    func checkHost(warnings: inout [String]) async throws(BuildError) -> HostFacts {
        events(.started(.connect))
        let placing = options.node == .automatic
        async let versionCall = result { () throws(ProxmoxError) in try await self.client.version() }
        async let statusCall = result { () throws(ProxmoxError) in try await self.client.clusterStatus() }
        async let nodesCall = result { () throws(ProxmoxError) in placing ? try await self.client.nodes() : nil }
        let identity = await client.transport.identity
        let version = try await unwrap(versionCall, step: "reading the Proxmox VE version")
        let (supported, warning) = Self.versionVerdict(version)
        guard supported else {
            throw BuildError(
                exitCode: BuildExitCode.unsupportedPVE,
                message: "Proxmox VE \(version.version) is not supported; lxc-build needs 8.0-8.9 or 9.0 and newer",
                hint: "Upgrade the host (https://pve.proxmox.com/wiki/Upgrade_from_7_to_8).")
        }
        if let warning { warnings.append(warning) }
        let status = try await unwrap(statusCall, step: "reading the cluster status")
        if let cluster = status.first(where: { $0.type == "cluster" }), cluster.quorate == false {
            throw BuildError(
                exitCode: BuildExitCode.noQuorum,
                message: "cluster '\(cluster.name)' has no quorum: Proxmox VE refuses configuration changes",
                hint: "Bring enough nodes back online (pvecm status), then run again.")
        }
        let nodes = try await unwrap(nodesCall, step: "listing the nodes") ?? status.compactMap(NodeSummary.init(clusterStatus:))
        let local = status.first { $0.type == "node" && $0.isLocal == true }?.name
        events(.finished(.connect, "Proxmox VE \(version.version), \(nodes.count) node\(nodes.count == 1 ? "" : "s"), as \(identity)"))
        return HostFacts(version: version, identity: identity, nodes: nodes, localNode: local)
    }

    /// Runs a call and keeps its outcome, so several can run concurrently and fail in order.
    func result<T: Sendable, Failure: Error>(_ call: @Sendable () async throws(Failure) -> T) async -> Result<T, Failure> {
        do {
            return .success(try await call())
        } catch {
            return .failure(error)
        }
    }

    func unwrap<T>(_ outcome: Result<T, ProxmoxError>, step: String, exitCode: BuildExitCode? = nil) throws(BuildError) -> T {
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw BuildError.api(error, during: step, exitCode: exitCode)
        }
    }

    /// `try await` of a call, mapping its failure to a ``BuildError`` for `step`.
    func api<T>(_ step: String, exitCode: BuildExitCode? = nil, _ call: () async throws(ProxmoxError) -> T) async throws(BuildError) -> T {
        do {
            return try await call()
        } catch {
            throw BuildError.api(error, during: step, exitCode: exitCode)
        }
    }
}
