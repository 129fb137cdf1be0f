public import Foundation

/// The real file system of the machine HostProbe runs on.
public struct LocalFileSystem: FileSystem {
    /// Creates the production file system.
    public init() {}

    /// Reads the whole file; works for `/proc` and `/sys` files, whose reported size is 0.
    public func contents(of path: String) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            return nil
        }
    }

    /// Lists the folder with `FileManager`.
    public func directoryEntries(at path: String) -> [String]? {
        (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted()
    }

    /// Reads the link with `FileManager`.
    public func symlinkDestination(at path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    /// Calls `stat(2)` and decodes `st_rdev` for character and block devices.
    public func deviceNumber(at path: String) -> DeviceNumber? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFCHR: return DeviceNumber(kind: .character, rawDevice: UInt64(info.st_rdev))
        case S_IFBLK: return DeviceNumber(kind: .block, rawDevice: UInt64(info.st_rdev))
        default: return nil
        }
    }

    /// Asks `FileManager`.
    public func exists(at path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}
