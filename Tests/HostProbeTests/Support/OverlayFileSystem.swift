import Foundation
import HostProbe

/// A file system that changes a few answers of another: hides device nodes, adds or replaces links.
struct OverlayFileSystem: FileSystem {
    var base: any FileSystem
    var hiddenDevices: Set<String> = []
    var links: [String: String] = [:]

    func contents(of path: String) -> Data? { base.contents(of: path) }
    func directoryEntries(at path: String) -> [String]? { base.directoryEntries(at: path) }
    func symlinkDestination(at path: String) -> String? {
        let folder = canonicalPath((path as NSString).deletingLastPathComponent)
        let link = (folder as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        return links[link] ?? base.symlinkDestination(at: path)
    }
    func exists(at path: String) -> Bool { base.exists(at: path) }

    func deviceNumber(at path: String) -> DeviceNumber? {
        hiddenDevices.contains(path) ? nil : base.deviceNumber(at: path)
    }
}
