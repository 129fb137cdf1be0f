public import Foundation

/// A ``FileSystem`` answering from a ``NodeSnapshot``: the node's files as they were when it was taken.
///
/// Links are resolved with the snapshot's own links (the snapshot holds every link met while the node
/// resolved the paths the probe reads), so ``FileSystem/canonicalPath(_:)`` leads where it led on the node.
/// A path the snapshot does not hold is missing.
public struct SnapshotFileSystem: FileSystem {
    /// The snapshot read.
    public let snapshot: NodeSnapshot

    /// A file system over `snapshot`.
    public init(_ snapshot: NodeSnapshot) {
        self.snapshot = snapshot
    }

    /// The file's bytes, after resolving links.
    public func contents(of path: String) -> Data? {
        snapshot.files[canonicalPath(path)]
    }

    /// The folder's names, after resolving links.
    public func directoryEntries(at path: String) -> [String]? {
        snapshot.folders[canonicalPath(path)]
    }

    /// The link at `path`, its folder resolved first and the link itself not.
    public func symlinkDestination(at path: String) -> String? {
        let components = VirtualPath.components(VirtualPath.normalized(path))
        guard let name = components.last else { return nil }
        return snapshot.links[VirtualPath.join(canonicalPath(VirtualPath.absolute(components.dropLast())), name)]
    }

    /// The device node's numbers, after resolving links.
    public func deviceNumber(at path: String) -> DeviceNumber? {
        snapshot.devices[canonicalPath(path)]
    }

    /// Whether the snapshot holds anything at `path`, after resolving links.
    public func exists(at path: String) -> Bool {
        let resolved = canonicalPath(path)
        return snapshot.files[resolved] != nil || snapshot.folders[resolved] != nil || snapshot.devices[resolved] != nil
            || snapshot.present.contains(resolved)
    }
}

/// A ``CommandRunner`` answering from a ``NodeSnapshot``: the commands already ran on the node; a command the
/// snapshot does not hold is reported as not found.
public struct SnapshotCommandRunner: CommandRunner {
    /// The snapshot read.
    public let snapshot: NodeSnapshot

    /// A runner over `snapshot`.
    public init(_ snapshot: NodeSnapshot) {
        self.snapshot = snapshot
    }

    /// What `argv` did on the node.
    public func run(_ argv: [String], timeout: Duration) async throws(ProbeError) -> CommandResult {
        try RecordedCommandRunner.replay(snapshot.commands[argv], for: argv, timeout: timeout, source: "the node's snapshot")
    }
}
