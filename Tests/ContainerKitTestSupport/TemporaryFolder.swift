import Foundation

/// A folder for logs, unique per test.
public func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "lxcbuild-logs-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
