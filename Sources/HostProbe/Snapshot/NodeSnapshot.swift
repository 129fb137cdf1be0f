public import Foundation

/// What a node showed of itself in one go: the files, folders, symbolic links, device nodes and command
/// outputs that ``HostProber`` reads, taken on the node by one program (``Request``) and read back here.
///
/// A caller that reaches the node through a shell (ssh) runs ``Request/arguments`` with
/// ``Request/programText`` on standard input, parses the output with ``init(parsing:)`` and probes
/// ``context`` as if it were on the node: one connection for the whole probe, and the same report.
///
/// Everything in a snapshot comes from the node and is untrusted data: sizes and counts are capped, every
/// path must be absolute and normalized, and nothing in it is ever run or followed on this machine.
public struct NodeSnapshot: Sendable, Hashable {
    /// File contents by canonical path on the node.
    public var files: [String: Data] = [:]
    /// Folder listings (sorted names) by canonical path.
    public var folders: [String: [String]] = [:]
    /// Symbolic link targets, as written, by the link's path.
    public var links: [String: String] = [:]
    /// Device nodes by canonical path.
    public var devices: [String: DeviceNumber] = [:]
    /// Paths that exist but are none of the above (or were only asked about).
    public var present: Set<String> = []
    /// What each command did, by argument vector.
    public var commands: [[String]: RecordedCommandRunner.Reply] = [:]

    /// An empty snapshot (a node with nothing readable).
    public init() {}

    /// A probe context reading this snapshot: its files and commands, no environment of the caller's, and
    /// commands answering at once (they already ran on the node).
    public var context: ProbeContext {
        ProbeContext(
            fileSystem: SnapshotFileSystem(self), runner: SnapshotCommandRunner(self), environment: [:],
            commandTimeout: .seconds(10))
    }

    /// The node's own name: the first label of what `hostname` printed, `nil` when it did not run or printed
    /// nothing usable (not a host name).
    public var hostname: String? {
        guard case .result(let result)? = commands[["hostname"]], result.succeeded,
            let first = result.stdout.split(whereSeparator: \.isWhitespace).first?.split(separator: ".").first,
            first.count <= 63, first.unicodeScalars.allSatisfy({ Self.hostnameCharacters.contains($0) })
        else { return nil }
        return String(first)
    }

    /// The names listed in the node's `/etc/pve/nodes` (the cluster's nodes as this node's pmxcfs knows
    /// them); `nil` when that folder could not be listed (no Proxmox VE cluster file system).
    public var clusterNodeFolders: [String]? { folders["/etc/pve/nodes"] }

    private static let hostnameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".unicodeScalars)
}
