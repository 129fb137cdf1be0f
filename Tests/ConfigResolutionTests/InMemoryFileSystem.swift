import ConfigResolution
import Foundation

/// A file system in memory: files with owner and mode, folders implied by file paths or added explicitly.
final class InMemoryFileSystem: ConfigFileSystem, @unchecked Sendable {
    struct File {
        var data: Data
        var status: FileStatus
    }

    private let lock = NSLock()
    private var files: [String: File] = [:]
    private var folders: Set<String> = []
    private var writeLog: [(path: String, permissions: UInt16)] = []
    /// Every atomic write, in order: path and permissions.
    var writes: [(path: String, permissions: UInt16)] {
        lock.withLock { writeLog }
    }
    let effectiveUserID: UInt32

    init(userID: UInt32 = 0) {
        effectiveUserID = userID
    }

    func add(_ path: String, _ text: String, owner: UInt32 = 0, permissions: UInt16 = 0o644) {
        lock.withLock {
            files[path] = File(data: Data(text.utf8), status: FileStatus(ownerID: owner, permissions: permissions))
        }
    }

    func addFolder(_ path: String) {
        lock.withLock { _ = folders.insert(path) }
    }

    func text(_ path: String) -> String? {
        lock.withLock { files[path].map { String(decoding: $0.data, as: UTF8.self) } }
    }

    func permissions(_ path: String) -> UInt16? {
        lock.withLock { files[path]?.status.permissions }
    }

    func contents(of path: String) throws -> Data? {
        lock.withLock { files[path]?.data }
    }

    func directoryEntries(at path: String) throws -> [String]? {
        lock.withLock {
            let prefix = path + "/"
            let names = files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
                .filter { !$0.contains("/") }
            return names.isEmpty && !folders.contains(path) ? nil : names.sorted()
        }
    }

    func status(of path: String) throws -> FileStatus? {
        lock.withLock {
            if let file = files[path] { return file.status }
            let isFolder = folders.contains(path) || files.keys.contains { $0.hasPrefix(path + "/") }
            return isFolder ? FileStatus(ownerID: 0, permissions: 0o755, isDirectory: true) : nil
        }
    }

    func writeAtomically(_ data: Data, to path: String, permissions: UInt16) throws {
        lock.withLock {
            files[path] = File(data: data, status: FileStatus(ownerID: effectiveUserID, permissions: permissions))
            writeLog.append((path, permissions))
        }
    }
}
