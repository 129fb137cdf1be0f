/// Host facts, build.func's host checks, and what could not be read.
public struct HostScan: Sendable, Codable, Hashable {
    /// The facts.
    public var facts: HostFacts
    /// The checks, in build.func's order: pve, root, arch, ssh, maxkeys, then quorum and bridge.
    public var checks: [HostCheck]
    /// What could not be read, with the reason.
    public var unknowns: [UnknownFact]

    /// Creates a scan result.
    public init(facts: HostFacts, checks: [HostCheck], unknowns: [UnknownFact] = []) {
        self.facts = facts
        self.checks = checks
        self.unknowns = unknowns
    }
}

/// Reads host facts and runs build.func's host checks, without asking or changing anything.
///
/// Commands: `pveversion`, `dpkg --print-architecture`, and `pvecm status` when
/// `/etc/pve/corosync.conf` exists. Everything else is read through the file system.
public struct HostFactsProbe: Sendable {
    /// What the probe reads through.
    public var context: ProbeContext

    /// Creates a probe; the default context reads this machine.
    public init(context: ProbeContext = ProbeContext()) {
        self.context = context
    }

    /// Reads the facts and runs the checks.
    public func scan() async -> HostScan {
        var scan = HostScan(facts: HostFacts(), checks: [])
        await checkPVE(&scan)
        checkRoot(&scan)
        await checkArch(&scan)
        let checksBeforeSSH = scan.checks.count
        checkKeyLimits(&scan)
        await checkQuorum(&scan)
        readBridges(&scan)
        scan.checks.insert(SSHSession.check(environment: context.environment, bridges: scan.facts.bridges), at: checksBeforeSSH)
        scan.facts.timezone = timezone()
        if scan.facts.timezone == nil {
            scan.unknowns.append(UnknownFact(fact: "timezone", reason: "neither /etc/timezone nor /etc/localtime is readable"))
        }
        scan.facts.keys = SSHKeySearch.keys(in: context.fileSystem)
        return scan
    }

    /// `pve_check`: 232 without `pveversion`, 105 for an unsupported version.
    private func checkPVE(_ scan: inout HostScan) async {
        let supported = "Supported: Proxmox VE version 8.0 – 8.9 / 9.0 – 9.2"
        let result = await context.run(["pveversion"])
        guard case .success(let output) = result, output.succeeded, let version = PVEVersion.parse(output.stdout) else {
            let reason: String
            switch result {
            case .failure(let error) where error.code == .commandNotFound:
                scan.unknowns.append(UnknownFact(fact: "pveVersion", reason: error.message))
                scan.checks.append(
                    HostCheck(name: .pveVersion, status: .failed, exitCode: 232,
                              message: "pveversion not found: this is not a Proxmox VE host",
                              remedy: "Run lxc-build on a Proxmox VE node")
                )
                return
            case .failure(let error): reason = error.message
            case .success(let output) where !output.succeeded: reason = "pveversion ended with \(output.exitStatus)"
            case .success: reason = "pveversion printed no pve-manager version"
            }
            scan.unknowns.append(UnknownFact(fact: "pveVersion", reason: reason))
            scan.checks.append(
                HostCheck(name: .pveVersion, status: .unknown, exitCode: 105, message: reason, remedy: supported)
            )
            return
        }
        scan.facts.pveVersion = version.description
        scan.facts.kernel = version.kernel
        scan.facts.pveSupport = version.support
        scan.facts.pveSupported = version.support.isAccepted
        switch version.support {
        case .supported:
            scan.checks.append(HostCheck(name: .pveVersion, status: .passed, message: "Proxmox VE \(version)"))
        case .newerThanTested:
            scan.checks.append(
                HostCheck(name: .pveVersion, status: .warning,
                          message: "Proxmox VE \(version) is newer than the tested 9.0 – 9.2", remedy: supported)
            )
        case .unsupported:
            scan.checks.append(
                HostCheck(name: .pveVersion, status: .failed, exitCode: 105,
                          message: "Proxmox VE \(version) is not supported. \(supported)",
                          remedy: "Upgrade the host to Proxmox VE 8 or 9")
            )
        }
    }

    /// `arch_check`: amd64 or arm64, else 106.
    private func checkArch(_ scan: inout HostScan) async {
        guard
            let arch = await context.output(of: ["dpkg", "--print-architecture"], fact: "arch", unknowns: &scan.unknowns)?
                .trimmingCharacters(in: .whitespacesAndNewlines), !arch.isEmpty
        else {
            scan.checks.append(
                HostCheck(name: .arch, status: .unknown, exitCode: 106,
                          message: "the architecture could not be read (dpkg --print-architecture)",
                          remedy: "lxc-build requires amd64 or arm64")
            )
            return
        }
        scan.facts.arch = arch
        if ["amd64", "arm64"].contains(arch) {
            scan.checks.append(HostCheck(name: .arch, status: .passed, message: "architecture \(arch)"))
        } else {
            scan.checks.append(
                HostCheck(name: .arch, status: .failed, exitCode: 106,
                          message: "architecture \(arch) is not supported (requires amd64 or arm64)",
                          remedy: "Use an amd64 or arm64 Proxmox VE host")
            )
        }
    }

    /// Cluster quorum: with `/etc/pve/corosync.conf`, `pvecm status` must say `Quorate: Yes`, else 210.
    private func checkQuorum(_ scan: inout HostScan) async {
        let remedy = "Bring the cluster back to quorum (start the missing nodes, check corosync) before creating containers"
        guard context.fileSystem.exists(at: "/etc/pve/corosync.conf") else {
            scan.facts.cluster = ClusterStatus(isClustered: false)
            scan.checks.append(HostCheck(name: .quorum, status: .passed, message: "single node (no /etc/pve/corosync.conf)"))
            return
        }
        guard let output = await context.output(of: ["pvecm", "status"], fact: "quorum", unknowns: &scan.unknowns) else {
            scan.facts.cluster = ClusterStatus(isClustered: true)
            let reason = scan.unknowns.last?.reason ?? "pvecm status failed"
            scan.checks.append(HostCheck(name: .quorum, status: .unknown, exitCode: 210, message: reason, remedy: remedy))
            return
        }
        let cluster = ClusterStatus.parse(pvecmStatus: output)
        scan.facts.cluster = cluster
        let name = cluster.name.map { "cluster \($0)" } ?? "the cluster"
        switch cluster.quorate {
        case true?: scan.checks.append(HostCheck(name: .quorum, status: .passed, message: "\(name) is quorate"))
        case false?:
            scan.checks.append(
                HostCheck(name: .quorum, status: .failed, exitCode: 210, message: "\(name) is not quorate", remedy: remedy)
            )
        case nil:
            scan.unknowns.append(UnknownFact(fact: "quorum", reason: "pvecm status printed no Quorate line"))
            scan.checks.append(
                HostCheck(name: .quorum, status: .unknown, exitCode: 210,
                          message: "pvecm status printed no Quorate line", remedy: remedy)
            )
        }
    }
}
