public import Foundation

/// A folder on this machine seen as the `/` of a probed host: `/sys/class/drm` is read from
/// `<root>/sys/class/drm`.
///
/// Symbolic links are resolved inside the folder (an absolute target such as `/sys/devices/...`
/// stays under the root), so a copied or fixture tree can never leak the real host's files.
///
/// Two things cannot live in a fixture tree kept in git and copied as a SwiftPM resource, so a
/// tree may declare them in sidecar files under `<root>/_probe/` (`#` starts a comment):
/// - `devices`: device nodes, one per line, `c 226:128 /dev/dri/renderD128` (type, major:minor,
///   path on the host). A declared node exists and shows up in its folder's listing; a real device
///   node inside the tree is reported as itself; any other file is not a device.
/// - `links`: symbolic links, one per line, `/sys/class/drm/card0/device -> ../../../0000:00:02.0`.
///   sysfs links point back at their own ancestors, and SwiftPM's resource copy loops on such
///   cycles, so fixtures declare their links here. Real links inside the tree work as well.
public struct RootedFileSystem: FileSystem {
    /// Where the sidecar files of a rooted tree live, relative to its root.
    public static let sidecarFolder = "_probe"

    /// The folder that stands for the host's `/`.
    public let root: URL
    /// The device nodes declared in `<root>/_probe/devices`, by path on the host.
    public let declaredDevices: [String: DeviceNumber]
    /// The symbolic links declared in `<root>/_probe/links`: target by link path on the host.
    public let declaredLinks: [String: String]

    /// Opens the folder `root` as a host's `/` and reads its sidecar files, if any.
    /// - Throws: ``ProbeError`` with ``ProbeError/Code/invalidFixture`` when `root` is not a folder
    ///   or a sidecar file has a malformed line.
    public init(root: URL) throws(ProbeError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ProbeError(code: .invalidFixture, message: "\(root.path) is not a folder")
        }
        self.root = root.standardizedFileURL
        func sidecar(_ name: String) -> String {
            let url = root.appendingPathComponent(Self.sidecarFolder).appendingPathComponent(name)
            return FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        declaredDevices = try Self.parseDeviceManifest(sidecar("devices"))
        declaredLinks = try Self.parseLinkManifest(sidecar("links"))
    }

    /// The meaningful lines of a sidecar file, with their 1-based numbers, comments removed.
    private static func manifestLines(_ text: String) -> [(number: Int, text: Substring)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return content.allSatisfy(\.isWhitespace) ? nil : (index + 1, content)
        }
    }

    /// Parses the link manifest (`/path/of/link -> target` per line; `#` comments).
    /// - Throws: ``ProbeError`` naming the first malformed line.
    public static func parseLinkManifest(_ text: String) throws(ProbeError) -> [String: String] {
        var links: [String: String] = [:]
        for line in manifestLines(text) {
            let parts = line.text.components(separatedBy: " -> ")
            let path = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, path.hasPrefix("/") else {
                throw ProbeError(code: .invalidFixture, message: "link manifest line \(line.number) is not `/path -> target`")
            }
            links[VirtualPath.normalized(path)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return links
    }

    /// Parses the device manifest (`c 226:128 /dev/dri/renderD128` per line; `#` comments).
    /// - Throws: ``ProbeError`` naming the first malformed line.
    public static func parseDeviceManifest(_ text: String) throws(ProbeError) -> [String: DeviceNumber] {
        var devices: [String: DeviceNumber] = [:]
        for line in manifestLines(text) {
            let fields = line.text.split(whereSeparator: \.isWhitespace)
            guard fields.count == 3, let number = DeviceNumber.parse("\(fields[0]) \(fields[1])"),
                fields[2].hasPrefix("/")
            else {
                throw ProbeError(
                    code: .invalidFixture,
                    message: "device manifest line \(line.number) is not `c|b MAJOR:MINOR /path`"
                )
            }
            devices[VirtualPath.normalized(String(fields[2]))] = number
        }
        return devices
    }

    /// The path on this machine that stands for `hostPath`, without resolving links.
    public func localPath(_ hostPath: String) -> String {
        let relative = VirtualPath.components(VirtualPath.normalized(hostPath)).joined(separator: "/")
        return relative.isEmpty ? root.path : root.path + "/" + relative
    }

    /// The local path of `hostPath` after resolving every link inside the root.
    private func resolvedLocalPath(_ hostPath: String) -> String {
        localPath(canonicalPath(hostPath))
    }

    /// Reads the file under the root.
    public func contents(of path: String) -> Data? {
        let local = resolvedLocalPath(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: local, isDirectory: &isFolder), !isFolder.boolValue else {
            return nil
        }
        return FileManager.default.contents(atPath: local)
    }

    /// Lists the folder under the root, with the nodes and links declared in it.
    public func directoryEntries(at path: String) -> [String]? {
        let folder = canonicalPath(path)
        let real = try? FileManager.default.contentsOfDirectory(atPath: localPath(folder))
        let depth = VirtualPath.components(folder).count
        let declared = declaredPaths(under: folder).map { VirtualPath.components($0)[depth] }
        guard real != nil || !declared.isEmpty else { return nil }
        return Array(Set((real ?? []) + declared)).sorted()
    }

    /// Reads the link (declared or real) under the root; its folder is resolved first, the link
    /// itself is not.
    public func symlinkDestination(at path: String) -> String? {
        let components = VirtualPath.components(VirtualPath.normalized(path))
        guard let name = components.last else { return nil }
        let link = VirtualPath.join(canonicalPath(VirtualPath.absolute(components.dropLast())), name)
        return declaredLinks[link] ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: localPath(link)))
    }

    /// The declared nodes and links strictly inside `folder` (a canonical path).
    private func declaredPaths(under folder: String) -> [String] {
        let prefix = folder == "/" ? "/" : folder + "/"
        return (Array(declaredDevices.keys) + Array(declaredLinks.keys)).filter { $0.hasPrefix(prefix) }
    }

    /// A node declared in the manifest, else a real device node under the root, else `nil`.
    public func deviceNumber(at path: String) -> DeviceNumber? {
        let resolved = canonicalPath(path)
        if let declared = declaredDevices[resolved] { return declared }
        return LocalFileSystem().deviceNumber(at: localPath(resolved))
    }

    /// Whether the path exists under the root, is a declared node, or holds declared entries.
    public func exists(at path: String) -> Bool {
        let resolved = canonicalPath(path)
        return declaredDevices[resolved] != nil || FileManager.default.fileExists(atPath: localPath(resolved))
            || !declaredPaths(under: resolved).isEmpty
    }
}
