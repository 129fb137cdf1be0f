import Foundation
import HostProbe

extension HealthCheck {
    /// Where the node shell runs, as a health run read it once (its host name and its `/etc/pve/nodes` folders):
    /// a container's services are listed only through the shell of the container's own node.
    struct ShellNode: Sendable, Equatable {
        /// The shell's `hostname`.
        var hostname: String
        /// The node folders its `/etc/pve/nodes` holds.
        var nodeFolders: Set<String>
    }

    /// This check with the node its shell reaches read once, when the shell is one that can be checked
    /// (``NodeInspection/checksNode(of:)``): one round trip through the shell, before any container is checked.
    /// - Throws: ``BuildError`` 81 when the shell cannot run the check or names no host (nothing it could tell of a
    ///   container would be true), 130 when interrupted.
    func readingShellNode() async throws(BuildError) -> HealthCheck {
        guard NodeInspection.checksNode(of: shell) else { return self }
        let inspection = NodeInspection(shell: shell, timeout: options.commandTimeout, leftUndone: "no container was checked")
        let snapshot = try await inspection.snapshot(.check)
        guard let hostname = snapshot.hostname else {
            throw BuildError(exitCode: .nodeShellUnusable,
                             message: "the node shell (\(shell.name)) is unusable: it reported no usable host name (hostname); no container was checked",
                             hint: "Check --node-shell: ssh://root@NODE, or run lxc-build on the node with --node-shell local.")
        }
        var check = self
        check.shellNode = ShellNode(hostname: hostname, nodeFolders: Set(snapshot.clusterNodeFolders ?? []))
        return check
    }

    /// Why the services of container `ctid` on `node` are not listed through this check's shell: it runs on another
    /// host, or on one that is not that Proxmox VE node; `nil` when they are (or the shell's node was not read).
    func elsewhere(ctid: Int, node: String) -> String? {
        guard let shellNode else { return nil }
        let reaches = shell.name == "local" ? "--node-shell local runs on this machine ('\(shellNode.hostname)')" : "the node shell (\(shell.name)) reaches '\(shellNode.hostname)'"
        if shellNode.hostname != node {
            return "services not listed: \(reaches) and container \(ctid) is on '\(node)' (give --node-shell ssh://root@\(node) to list them)"
        }
        guard shellNode.nodeFolders.contains(node) else {
            return "services not listed: \(reaches), which has no /etc/pve/nodes/\(node) (give --node-shell ssh://root@\(node) to list them)"
        }
        return nil
    }

    /// Where a URL asked through this check's shell for a container on `node` is asked from, when that is not
    /// the container's node: ` (asked from 'pve1')`; empty otherwise.
    func askedFrom(node: String) -> String {
        guard let shellNode, shellNode.hostname != node else { return "" }
        return " (asked from '\(shellNode.hostname)')"
    }
}
