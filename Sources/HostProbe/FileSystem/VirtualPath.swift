/// Helpers for the absolute, `/`-separated paths HostProbe reads through a ``FileSystem``.
///
/// The paths are *virtual*: they name a place on the probed host (`/sys/class/drm`), whatever
/// folder actually backs them. These helpers never touch the disk.
enum VirtualPath {
    /// The non-empty components of `path`, without any `.`.
    static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    /// Joins components into an absolute path (`[]` gives `/`).
    static func absolute(_ components: [String]) -> String {
        "/" + components.joined(separator: "/")
    }

    /// Appends `name` to the folder `directory`.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The last component of `path` (`renderD128` for `/dev/dri/renderD128`).
    static func lastComponent(_ path: String) -> String {
        components(path).last ?? "/"
    }

    /// The folder holding `path` (`/` for `/` and for top-level entries).
    static func parent(_ path: String) -> String {
        absolute(components(path).dropLast())
    }

    /// `path` with `.` and `..` folded away lexically (no symbolic links are followed).
    static func normalized(_ path: String) -> String {
        var result: [String] = []
        for component in components(path) {
            if component == ".." {
                _ = result.popLast()
            } else {
                result.append(component)
            }
        }
        return absolute(result)
    }
}
