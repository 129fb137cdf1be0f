import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A folder for this user's own files (locks, runtime state), in a place other users can write to as well
/// (`/tmp`, `/run/lock`): created with mode 0700 when missing; an existing one is used only when it is a real
/// folder (not a symbolic link), owned by this user and writable by nobody else. Another user who made the
/// folder first could otherwise hold its lock files, or swap its contents.
public enum PrivateFolder {
    /// Makes sure `path` is such a folder, creating it when missing.
    /// - Throws: ``PrivateFolderError`` naming the path, what was found and how to fix it.
    public static func prepare(_ path: String) throws(PrivateFolderError) {
        if mkdir(path, 0o700) == 0 {
            // Ours, just made: the mode exactly, whatever the umask.
            chmod(path, 0o700)
        } else if errno != EEXIST {
            throw PrivateFolderError(path: path, problem: .cannotCreate(String(cString: strerror(errno))))
        }
        if let problem = problem(at: path) { throw PrivateFolderError(path: path, problem: problem) }
    }

    /// Whether `path` already is a folder of this user that nobody else can write to.
    public static func isSafe(_ path: String) -> Bool {
        problem(at: path) == nil
    }

    /// What is wrong with `path` as a private folder, `nil` when nothing is.
    static func problem(at path: String) -> PrivateFolderError.Problem? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .cannotCreate(String(cString: strerror(errno))) }
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { return .symbolicLink }
        if type != S_IFDIR { return .notAFolder }
        if info.st_uid != geteuid() { return .ownedByOther(uid: UInt32(info.st_uid)) }
        if info.st_mode & 0o022 != 0 { return .writableByOthers(mode: UInt32(info.st_mode & 0o7777)) }
        return nil
    }
}

/// A per-user folder that cannot be used safely.
public struct PrivateFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was found.
    public enum Problem: Sendable, Equatable {
        /// A symbolic link stands where the folder should be.
        case symbolicLink
        /// A file that is not a folder.
        case notAFolder
        /// Another user owns the folder.
        case ownedByOther(uid: UInt32)
        /// Group or others may write into the folder.
        case writableByOthers(mode: UInt32)
        /// The folder could not be made or read.
        case cannotCreate(String)
    }

    /// The folder.
    public let path: String
    /// What is wrong with it.
    public let problem: Problem

    /// An error for `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let removal = "remove it (rm -rf \(path), as root when another user owns it) and lxc-build makes it again with mode 0700"
        switch problem {
        case .symbolicLink:
            return "\(path) is a symbolic link, not a folder of this user: \(removal)"
        case .notAFolder:
            return "\(path) is not a folder: \(removal)"
        case .ownedByOther(let uid):
            return "\(path) belongs to \(Self.userName(uid)) (uid \(uid)), not to this user (uid \(geteuid())): \(removal)"
        case .writableByOthers(let mode):
            return "\(path) has mode 0\(String(mode, radix: 8)): other users may write into it; \(removal)"
        case .cannotCreate(let reason):
            return "cannot make the folder \(path): \(reason)"
        }
    }

    /// The login name of `uid`, or "another user".
    static func userName(_ uid: UInt32) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "another user" }
        return String(cString: name)
    }
}
