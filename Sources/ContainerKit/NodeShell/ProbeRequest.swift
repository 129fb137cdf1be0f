import Foundation
public import HostProbe

/// What `lxc-build probe` reads: this machine, a copy of a node's files (`--root`), or a Proxmox VE node through its
/// node shell (`--node`, `--node-shell`), each command limited to ``commandTimeoutSeconds``.
public struct ProbeRequest: Sendable, Equatable {
    /// A folder holding a copy of a node's files, read instead of `/` (commands answered from `DIR/_probe/commands`).
    public var root: String?
    /// The node to read through its node shell.
    public var node: String?
    /// How to reach the node (`local`, `ssh://[user@]host[:port]`); `nil` with a node is `ssh://root@NODE`.
    public var nodeShell: String?
    /// Seconds any single host command may run before it counts as unknown.
    public var commandTimeoutSeconds: Int

    /// A request; ``validate(folderExists:)`` checks it.
    /// - Parameters:
    ///   - root: `--root`, or `nil` to read `/`.
    ///   - node: `--node`, or `nil`.
    ///   - nodeShell: `--node-shell`, or `nil`.
    ///   - commandTimeoutSeconds: `--timeout`.
    public init(root: String? = nil, node: String? = nil, nodeShell: String? = nil, commandTimeoutSeconds: Int = 10) {
        self.root = root
        self.node = node
        self.nodeShell = nodeShell
        self.commandTimeoutSeconds = commandTimeoutSeconds
    }

    /// Whether the node is read through a node shell (`--node` or `--node-shell` given).
    public var readsThroughNodeShell: Bool { node != nil || nodeShell != nil }

    /// Refuses a request that cannot be read: a timeout that is not positive, `--root` with `--node` or
    /// `--node-shell`, a node shell that cannot be parsed or is `none`, a root that is not a folder.
    /// - Parameter folderExists: Whether a path is a folder (this machine's files by default).
    /// - Throws: ``BuildError`` (64) naming the option, the value and what is accepted.
    public func validate(folderExists: (String) -> Bool = Self.isFolder) throws(BuildError) {
        guard commandTimeoutSeconds > 0 else { throw Self.usage("--timeout must be a positive number of seconds") }
        if root != nil, readsThroughNodeShell {
            throw Self.usage("--root reads a copied tree; it does not go with --node or --node-shell")
        }
        if let nodeShell {
            do { _ = try NodeShellChoice(parsing: nodeShell) } catch { throw Self.usage("--node-shell: \(error.message)") }
            if nodeShell == "none" {
                throw Self.usage("--node-shell none: probe needs a way to read the node; accepted: local or ssh://[user@]host[:port]")
            }
        }
        if let root, !folderExists(root) {
            throw Self.usage("--root \(BuildError.quoted(root)): no such folder; accepted: a folder holding a copy of a node's files")
        }
    }

    /// The report of the host the request names: through the node shell (which must reach ``node``, else 81),
    /// from the copied tree, or of this machine. Checks that fail are in the report, not thrown
    /// (``BuildExitCode/init(firstFailureOf:)`` gives the code to end with).
    /// - Throws: ``BuildError``: ``validate(folderExists:)``'s refusals (64); 81 when the node shell cannot read the
    ///   node; the probe's own error (1) when the copied tree cannot be read.
    public func report() async throws(BuildError) -> HostReport {
        try validate()
        if readsThroughNodeShell {
            let text = nodeShell ?? "ssh://root@\(node ?? "")"
            let choice: NodeShellChoice
            do { choice = try NodeShellChoice(parsing: text) } catch { throw Self.usage("--node-shell: \(error.message)") }
            guard let shell = choice.makeShell() else { throw Self.usage("--node-shell none: probe needs a way to read the node") }
            return try await NodeInspection(shell: shell, commandTimeoutSeconds: commandTimeoutSeconds).report(checking: node)
        }
        let timeout = Duration.seconds(commandTimeoutSeconds)
        let context: ProbeContext
        if let root {
            do throws(ProbeError) { context = try ProbeContext.rooted(at: URL(fileURLWithPath: root), commandTimeout: timeout) } catch {
                throw BuildError.from(error)
            }
        } else {
            context = ProbeContext(commandTimeout: timeout)
        }
        return await HostProber(context: context).report()
    }

    /// Whether `path` is a folder on this machine.
    public static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    private static func usage(_ message: String) -> BuildError {
        BuildError(exitCode: BuildExitCode.usage, message: message)
    }
}
