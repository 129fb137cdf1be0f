public import ProxmoxAPI

/// Removing a container: stop it when it runs, then destroy it with its disks and its references in jobs and HA.
/// The one way both a failed create's cleanup and `lxc-build destroy` remove a container.
public enum ContainerRemoval {
    /// Stops `ctid` on `node` if it is running, waits for that, then destroys it (`purge`, unreferenced disks too)
    /// and waits for the destroy task. `force` also destroys a container that is running again by then.
    /// - Throws: `ProxmoxError` of the first call or task that failed (`.notFound` when it is already gone).
    public static func stopAndDestroy(ctid: Int, node: String, client: ProxmoxClient, timeout: Duration = .seconds(1800), force: Bool = false)
        async throws(ProxmoxError)
    {
        let container = client.node(node).container(ctid)
        if try await container.status().isRunning {
            _ = try await client.waitForTask(try await container.stop(), timeout: timeout)
        }
        _ = try await client.waitForTask(
            try await container.destroy(purge: true, destroyUnreferencedDisks: true, force: force), timeout: timeout)
    }

    /// Refuses to remove a container whose configuration has protection set, as PVE itself would, before anything
    /// is asked or stopped: the one check `lxc-build destroy` and ``StackRunner/destroy(_:stack:key:)`` share.
    /// - Parameters:
    ///   - config: The container's configuration as read.
    ///   - ctid: Its id, for the message.
    /// - Throws: ``BuildError`` (77) naming the container and how to lift the protection (`pct set N --protection 0`).
    public static func refuseProtected(_ config: ContainerConfig, ctid: Int) throws(BuildError) {
        guard config.options.protection == true else { return }
        throw protectedError(ctid: ctid)
    }

    /// The refusal of a container with protection set (77): what ``refuseProtected(_:ctid:)`` throws.
    /// - Parameter ctid: The container.
    public static func protectedError(ctid: Int) -> BuildError {
        BuildError(exitCode: BuildExitCode.permissionDenied,
                   message: "container \(ctid) has protection set; turn it off first (pct set \(ctid) --protection 0)",
                   hint: "Protection guards a container against removal; lift it on the node with `pct set \(ctid) --protection 0` "
                       + "(or in the web UI: Options, Protection) if the container is really to go.")
    }
}
