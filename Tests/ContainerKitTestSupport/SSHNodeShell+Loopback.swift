public import ContainerKit
public import LXCBuildTestSupport

/// A shell over ssh to the loopback sshd, host key checked against `knownHosts` (the server's own file by
/// default); configured for a Proxmox VE node unless `configLayout` says otherwise.
public func sshShell(
    _ server: SSHServerFixture, knownHosts: String? = nil, configLayout: ContainerConfigLayout = .automatic
) -> SSHNodeShell {
    SSHNodeShell(
        target: SSHTarget(host: "127.0.0.1", port: server.port), identityFile: server.identityFile,
        knownHostsFile: knownHosts ?? server.knownHostsFile, configLayout: configLayout)
}
