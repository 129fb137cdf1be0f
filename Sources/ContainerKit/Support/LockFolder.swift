import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where lxc-build keeps the lock files that serialise its runs on one machine (template downloads, operations on
/// one container): a ``PrivateFolder`` that lives no longer than the machine's uptime.
public enum LockFolder {
    /// `$XDG_RUNTIME_DIR/lxc-build` when `XDG_RUNTIME_DIR` is set and safe (an absolute path to a folder of this
    /// user that nobody else can write to), else `/run/lock/lxc-build` for root, else `lxc-build-<uid>` in the
    /// temporary directory (`TMPDIR`, `/tmp`).
    public static func standard(environment: [String: String]) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/"), PrivateFolder.isSafe(runtime) {
            return runtime + "/lxc-build"
        }
        if geteuid() == 0, FileManager.default.isWritableFile(atPath: "/run/lock") {
            return "/run/lock/lxc-build"
        }
        let temporary = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        return (temporary as NSString).appendingPathComponent("lxc-build-\(geteuid())")
    }

    /// `key` as part of a lock file's name: its characters outside `[A-Za-z0-9._-]` become `_`, at most 200 kept.
    public static func fileNamePart(_ key: String) -> String {
        String(key.unicodeScalars.prefix(200).map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
    }

    /// Why a lock file could not be opened: the folder refused (``PrivateFolder``), or `open(2)` failed.
    public struct Problem: Error, Sendable {
        /// The folder was refused (`true`), or the file could not be opened.
        public var isFolder: Bool
        /// What went wrong, in words.
        public var message: String
    }

    /// Opens lock `file` for reading and writing (making it, mode 0600, with `creating`), after making `directory`
    /// a ``PrivateFolder``; never through a symbolic link someone else put there. The file holds nothing secret.
    /// - Throws: ``Problem``.
    public static func open(_ file: String, in directory: String, creating: Bool = true) throws(Problem) -> Int32 {
        do throws(PrivateFolderError) {
            try PrivateFolder.prepare(directory)
        } catch {
            throw Problem(isFolder: true, message: error.description)
        }
        let descriptor = openFile(file, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (creating ? O_CREAT : 0), 0o600)
        guard descriptor >= 0 else { throw Problem(isFolder: false, message: "cannot open \(file): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    private static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags, mode)
        #else
        Musl.open(path, flags, mode)
        #endif
    }
}
