public import Foundation

/// The read-only view of a host that every probe reads through.
///
/// Paths are absolute paths *on the probed host* (`/sys/class/drm/renderD128/device`). Production
/// code uses ``LocalFileSystem``; tests and `lxc-build probe --root DIR` use ``RootedFileSystem``,
/// which maps `/` onto a folder. A remote node could be backed by an implementation that reads
/// over a node shell. Every method answers `nil` (or `false`) for anything missing or unreadable
/// and never throws, so a probe degrades to "unknown" instead of failing.
public protocol FileSystem: Sendable {
    /// The bytes of the regular file at `path` (following symbolic links), or `nil` when it is
    /// missing, a folder or unreadable.
    func contents(of path: String) -> Data?

    /// The names in the folder at `path` (following symbolic links), sorted, without `.` and
    /// `..`; `nil` when it is missing or not a folder.
    func directoryEntries(at path: String) -> [String]?

    /// The target stored in the symbolic link at `path`, exactly as written (it may be relative);
    /// `nil` when `path` is not a symbolic link. The last component is not followed.
    func symlinkDestination(at path: String) -> String?

    /// The type and major:minor of the device node at `path` (following symbolic links, like
    /// `stat(2)`); `nil` when it is missing or not a character or block device.
    func deviceNumber(at path: String) -> DeviceNumber?

    /// Whether anything exists at `path` (following symbolic links).
    func exists(at path: String) -> Bool
}

extension FileSystem {
    /// The file at `path` decoded as UTF-8, or `nil` when it cannot be read.
    public func text(at path: String) -> String? {
        contents(of: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The file at `path` with surrounding white space removed; `nil` when unreadable or empty.
    public func trimmedText(at path: String) -> String? {
        guard let text = text(at: path)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return nil
        }
        return text
    }

    /// `path` with every symbolic link in it resolved, like `realpath(3)` but on the probed host.
    ///
    /// Relative link targets are taken relative to the link's folder, absolute ones to the host's
    /// `/`. A path that does not exist is resolved as far as it goes. Loops stop after 40 links.
    public func canonicalPath(_ path: String) -> String {
        var resolved: [String] = []
        var pending = Array(VirtualPath.components(path).reversed())
        var linksFollowed = 0
        while let component = pending.popLast() {
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = VirtualPath.absolute(resolved + [component])
            if linksFollowed < 40, let target = symlinkDestination(at: candidate) {
                linksFollowed += 1
                if target.hasPrefix("/") { resolved = [] }
                pending.append(contentsOf: VirtualPath.components(target).reversed())
            } else {
                resolved.append(component)
            }
        }
        return VirtualPath.absolute(resolved)
    }

    /// The device node at `path` as a ``DeviceFile`` (keeping `path` as given), or `nil` when it
    /// is not a device node.
    public func deviceFile(at path: String) -> DeviceFile? {
        deviceNumber(at: path).map { DeviceFile(path: path, number: $0) }
    }
}
