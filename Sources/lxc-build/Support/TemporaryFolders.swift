import Foundation

/// Temporary folders this process made (a fetched app catalog); all removed when the process exits,
/// whichever way the command ends (``LXCBuildMain`` registers ``removeAll()`` with `atexit`).
final class TemporaryFolders: @unchecked Sendable {
    /// The process's folders.
    static let shared = TemporaryFolders()

    private let lock = NSLock()
    private var paths: [String] = []

    /// Removes `path` when the process exits.
    func add(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    /// Removes every registered folder now.
    func removeAll() {
        let taken = lock.withLock {
            defer { paths = [] }
            return paths
        }
        for path in taken { try? FileManager.default.removeItem(atPath: path) }
    }
}
