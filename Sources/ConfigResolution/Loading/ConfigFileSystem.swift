public import Foundation

/// Owner and permission bits of a file.
public struct FileStatus: Sendable, Hashable {
    /// The owner's user ID.
    public let ownerID: UInt32
    /// The group's ID.
    public let groupID: UInt32
    /// The permission bits, such as `0o644`.
    public let permissions: UInt16
    /// Whether the path is a folder.
    public let isDirectory: Bool

    /// A status with the given parts.
    public init(ownerID: UInt32, groupID: UInt32 = 0, permissions: UInt16, isDirectory: Bool = false) {
        self.ownerID = ownerID
        self.groupID = groupID
        self.permissions = permissions
        self.isDirectory = isDirectory
    }

    /// Whether anyone may write the file (the `o+w` bit).
    public var isWorldWritable: Bool {
        permissions & 0o002 != 0
    }

    /// Whether the file's group may write it (the `g+w` bit).
    public var isGroupWritable: Bool {
        permissions & 0o020 != 0
    }

    /// Why a file with this status must not feed a process running as `effectiveUserID`, or `nil` when it may:
    /// run as root, a file that anyone but root may write is refused, because its values would be used by root:
    /// one anyone may write, one another user owns, and one its group may write unless that group is root's
    /// (gid 0, whose members have root's authority anyway). `.vars` files and stack files follow this one rule.
    public func refusalForRoot(effectiveUserID: UInt32) -> String? {
        guard effectiveUserID == 0 else { return nil }
        if isWorldWritable { return "anyone may write it" }
        if ownerID != 0 && ownerID != effectiveUserID { return "it is owned by user \(ownerID)" }
        if isGroupWritable && groupID != 0 { return "group \(groupID) may write it" }
        return nil
    }

    /// What ``refusalForRoot(effectiveUserID:)`` accepts, with the commands that make the file at `path` so.
    public static func acceptedForRoot(_ path: String) -> String {
        "owned by root and writable by no one else: not by others, and by its group only when that group is root "
            + "(chown root \(path); chmod o-w \(path); chmod g-w \(path) or chgrp root \(path))"
    }
}

/// The file access ConfigResolution needs; everything else in the module is pure.
///
/// Missing paths are `nil`, not errors; errors are for paths that exist but cannot be used.
public protocol ConfigFileSystem: Sendable {
    /// The bytes of the file at `path`, or `nil` when there is no such file.
    func contents(of path: String) throws -> Data?
    /// The names in the folder at `path`, or `nil` when there is no such folder.
    func directoryEntries(at path: String) throws -> [String]?
    /// Owner, group and mode of `path`, or `nil` when it does not exist.
    func status(of path: String) throws -> FileStatus?
    /// Replaces the file at `path` with `data` in one step (a temporary file renamed over it), so readers see
    /// the old or the new file, never half of one. The file has `permissions` from its first byte on;
    /// missing parent folders are created with mode 0755.
    func writeAtomically(_ data: Data, to path: String, permissions: UInt16) throws
    /// The effective user ID of this process; files feeding a root process are checked when it is 0.
    var effectiveUserID: UInt32 { get }
}
