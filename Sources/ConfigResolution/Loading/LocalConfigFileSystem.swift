public import Foundation

/// The real file system.
public struct LocalConfigFileSystem: ConfigFileSystem {
    /// The real file system.
    public init() {}

    /// Reads the file, or `nil` when it does not exist.
    public func contents(of path: String) throws -> Data? {
        guard try status(of: path).map({ !$0.isDirectory }) == true else { return nil }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Lists the folder, or `nil` when it does not exist.
    public func directoryEntries(at path: String) throws -> [String]? {
        guard try status(of: path)?.isDirectory == true else { return nil }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    /// Owner, group and mode, or `nil` when nothing exists at `path`. Symbolic links are followed, so the status is
    /// the target's (a link's own mode is always 0777).
    public func status(of path: String) throws -> FileStatus? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value ?? UInt32.max
        let group = (attributes[.groupOwnerAccountID] as? NSNumber)?.uint32Value ?? UInt32.max
        let mode = (attributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o777
        let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
        return FileStatus(ownerID: owner, groupID: group, permissions: mode & 0o7777, isDirectory: isDirectory)
    }

    /// Writes a uniquely named temporary file next to `path` (created empty with `permissions`, then filled
    /// and flushed) and renames it over `path`.
    public func writeAtomically(_ data: Data, to path: String, permissions: UInt16) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o755])
        let temporary = folder + "/." + target.lastPathComponent + ".tmp-" + UUID().uuidString
        // Created empty, so the contents are never readable with looser permissions.
        guard manager.createFile(atPath: temporary, contents: nil,
                                 attributes: [.posixPermissions: permissions]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        do {
            try manager.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
    }

    /// The process's effective user ID.
    public var effectiveUserID: UInt32 {
        UInt32(geteuid())
    }
}
