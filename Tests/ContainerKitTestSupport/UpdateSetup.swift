public import ContainerKit
public import Foundation
public import LXCBuildTestSupport

/// The fixed clock of ``withUpdateSetup(osRelease:cpu:rootfs:_:)`` for the snapshot's name.
public let updateTime = Date(timeIntervalSince1970: 1_796_121_300)  // 2026-12-01 10:35:00 UTC
/// The snapshot name an update takes at ``updateTime``.
public let updateSnapshot = "lxc-build-update-20261201-103500"

/// A real LXC container with bash, a loopback sshd as the node shell, and fakepve holding a container of the
/// same id that lxc-build built (notes with its mark; rootfs on local-lvm, which can snapshot). The container has
/// the demo app installed (`/opt/demo`) and `/etc/os-release` saying `osRelease`. `address` is the static address
/// of its `net0` in fakepve, `appURL` the URL line of its catalog script (see ``makeUpdateCatalog(os:version:cpu:functionsPadding:appURL:)``).
public func withUpdateSetup(
    osRelease: String = "ID=debian\nVERSION_ID=\"13\"\n", cpu: String = "1", rootfs: String? = nil, address: String? = nil, appURL: String? = nil,
    _ body: (LXCContainerFixture, FakePVE, ContainerUpdate) async throws -> Void
) async throws {
    let catalog = try makeUpdateCatalog(cpu: cpu, appURL: appURL)
    let logs = try temporaryFolder()
    try await withSSHServer { server in
        try await withLXCContainer(bash: true) { container in
            try await withFakePVE { pve in
                try container.attach("mkdir -p /opt/demo /etc && printf '\(osRelease)' > /etc/os-release")
                var config = ["description": lxcBuildNotes(app: "demo"), "tags": "community-script;demo"]
                if let address { config["net0"] = "name=eth0,bridge=vmbr0,ip=\(address)/8" }
                if let rootfs { config["rootfs"] = rootfs.replacingOccurrences(of: "CTID", with: String(container.ctid)) }
                try pve.call("add_ct", [container.ctid, "demo"], ["status": "running", "config": config])
                var options = ContainerUpdate.Options()
                options.catalogDirectory = catalog
                options.logDirectory = logs
                options.now = { updateTime }
                let shell = sshShell(server, configLayout: .plainLXC)
                try await body(container, pve, ContainerUpdate(client: try pve.passwordClient(), shell: shell, options: options))
            }
        }
    }
}

extension ContainerUpdate {
    /// The same update with other options.
    public func with(_ change: (inout Options) -> Void) -> ContainerUpdate {
        var options = options
        change(&options)
        return ContainerUpdate(client: client, shell: shell, options: options, progress: progress)
    }
}

/// The writes fakepve saw for container `ctid` (method and path after `/lxc/<ctid>`).
public func containerWrites(_ pve: FakePVE, _ ctid: Int) throws -> [String] {
    try pve.writes().compactMap { request in
        guard let range = request.path.range(of: "/lxc/\(ctid)") else { return nil }
        return request.method + " " + request.path[range.upperBound...]
    }
}
