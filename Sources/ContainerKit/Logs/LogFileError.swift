import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A log file or log folder lxc-build will not write into: another user could read root's log, or make lxc-build
/// write it where they chose (a symbolic link, a hard link, a file of theirs).
public struct LogFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Who chose the path.
    public enum Origin: Sendable, Equatable {
        /// A command-line option, such as `--log`.
        case option(String)
        /// An environment variable, such as `LXC_BUILD_LOG_DIR`.
        case environment(String)
        /// lxc-build's own choice (the default folder, a combined log's name).
        case builtIn
    }

    /// What was found.
    public enum Problem: Sendable, Equatable {
        /// A symbolic link stands at the path (it is never followed); `owner` is the link's owner.
        case symbolicLink(owner: UInt32)
        /// A folder was expected and something else is there.
        case notAFolder
        /// A log file was expected and something else is there (a folder, a device, a pipe).
        case notARegularFile
        /// Another user owns it.
        case ownedByOther(uid: UInt32)
        /// Group or others may write to it (a folder: without the sticky bit).
        case writableByOthers(mode: UInt32)
        /// The file has further hard links: writing it would change another file too.
        case hardLinks(count: UInt)
        /// The folder the file should go into does not exist.
        case noFolder
        /// The system refused (the reason).
        case cannotOpen(String)
    }

    /// The path.
    public let path: String
    /// Whether the path is a log folder (else a log file).
    public let isFolder: Bool
    /// Who chose it.
    public let origin: Origin
    /// What is wrong with it.
    public let problem: Problem

    /// An error for `path`.
    public init(path: String, isFolder: Bool, origin: Origin, problem: Problem) {
        self.path = path
        self.isFolder = isFolder
        self.origin = origin
        self.problem = problem
    }

    public var description: String {
        let named: String
        switch origin {
        case .option(let option): named = "\(option) \(path)"
        case .environment(let variable): named = "\(variable)=\(path) (from the environment)"
        case .builtIn: named = "the log \(isFolder ? "folder" : "file") \(path)"
        }
        let me = "this user (uid \(geteuid()))"
        let found: String
        switch problem {
        case .symbolicLink(let owner):
            found = "is a symbolic link (owned by \(Self.userName(owner)), uid \(owner)), which is never followed: it could lead the log anywhere"
        case .notAFolder: found = "is not a folder"
        case .notARegularFile: found = "is not a regular file (a folder, a device or a pipe)"
        case .ownedByOther(let uid): found = "belongs to \(Self.userName(uid)) (uid \(uid)), not to \(me): its owner could read the log"
        case .writableByOthers(let mode):
            found = "has mode 0\(String(mode, radix: 8)): other users may write to it\(isFolder ? " and it has no sticky bit" : "")"
        case .hardLinks(let count): found = "has \(count) hard links: writing it would change another file too"
        case .noFolder: found = "is in a folder that does not exist"
        case .cannotOpen(let reason): found = "cannot be used: \(reason)"
        }
        let accepted = isFolder
            ? "a folder of \(me) or of root that group and others cannot write to (or only with the sticky bit, as /tmp), "
                + "or a path that does not exist yet (made with mode 0700)"
            : "a new file in an existing folder (made with mode 0600), or a regular file of \(me) with one link that group and "
                + "others cannot write to (emptied and set to mode 0600)"
        return "\(named) \(found); accepted: \(accepted)"
    }

    /// The failure of a run refused for this: 64 (``BuildExitCode/usage``), as any setting that does not fit.
    public var buildError: BuildError {
        BuildError(exitCode: BuildExitCode.usage, message: description)
    }

    private static func userName(_ uid: UInt32) -> String {
        PrivateFolderError.userName(uid)
    }
}
