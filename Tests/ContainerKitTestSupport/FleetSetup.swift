public import ContainerKit
import Foundation
public import LXCBuildTestSupport

/// `count` real LXC containers with bash behind one loopback sshd (the node shell), and fakepve holding a container
/// of each id on pve1 that lxc-build built (app demo, running, rootfs on local-lvm), as ``withUpdateSetup(osRelease:cpu:rootfs:_:)``
/// makes one; the fleet update's options point at the demo catalog with the fixed clock ``updateTime``.
public func withFleetSetup(
    count: Int, _ body: ([LXCContainerFixture], FakePVE, FleetUpdate) async throws -> Void
) async throws {
    let catalog = try makeUpdateCatalog()
    let logs = try temporaryFolder()
    try await withSSHServer { server in
        try await withLXCContainers(count) { containers in
            try await withFakePVE { pve in
                for container in containers {
                    try container.attach("mkdir -p /opt/demo /etc && printf 'ID=debian\\nVERSION_ID=\"13\"\\n' > /etc/os-release")
                    try pve.call("add_ct", [container.ctid, "demo\(container.ctid)"], ["status": "running", "config": [
                        "description": lxcBuildNotes(app: "demo", version: "1.0.0"), "tags": "community-script;demo"]])
                }
                var options = FleetUpdate.Options()
                options.update.catalogDirectory = catalog
                options.update.logDirectory = logs
                options.update.now = { updateTime }
                let shell = sshShell(server, configLayout: .plainLXC)
                try await body(containers, pve, FleetUpdate(client: try pve.passwordClient(), shell: shell, options: options))
            }
        }
    }
}

/// `count` real LXC containers with bash, removed afterwards.
private func withLXCContainers(_ count: Int, _ body: ([LXCContainerFixture]) async throws -> Void) async throws {
    guard count > 0 else { return try await body([]) }
    try await withLXCContainer(bash: true) { first in
        try await withLXCContainers(count - 1) { rest in try await body([first] + rest) }
    }
}

extension FleetUpdate {
    /// The same fleet update with other options.
    public func with(_ change: (inout Options) -> Void) -> FleetUpdate {
        var options = options
        change(&options)
        return FleetUpdate(client: client, shell: shell, options: options, progress: progress)
    }
}
