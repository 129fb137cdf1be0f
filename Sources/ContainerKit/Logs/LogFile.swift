public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How every log file and log folder is opened, so that root's log never lands where another user can read it or
/// chose it: never through a symbolic link, never into another user's file or folder.
public enum LogFile {
    /// Makes sure `path` is a folder logs may go into, creating it (and its parents) with mode 0700 when missing.
    /// An existing one must be a real folder (not a symbolic link, whoever owns the link) of this user or of root
    /// that group and others cannot write to, unless it has the sticky bit (as `/tmp`, where files are only made new).
    /// - Throws: ``LogFileError`` naming the path, who chose it, what was found and what is accepted.
    public static func prepareFolder(_ path: String, origin: LogFileError.Origin = .builtIn) throws(LogFileError) {
        func failure(_ problem: LogFileError.Problem) -> LogFileError {
            LogFileError(path: path, isFolder: true, origin: origin, problem: problem)
        }
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { throw failure(.cannotOpen(String(cString: strerror(errno)))) }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw failure(.cannotOpen("\(error.localizedDescription)"))
            }
            guard lstat(path, &info) == 0 else { throw failure(.cannotOpen(String(cString: strerror(errno)))) }
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: throw failure(.symbolicLink(owner: UInt32(info.st_uid)))
        case S_IFDIR: break
        default: throw failure(.notAFolder)
        }
        if info.st_uid != geteuid() && info.st_uid != 0 { throw failure(.ownedByOther(uid: UInt32(info.st_uid))) }
        if info.st_mode & 0o022 != 0 && info.st_mode & S_ISVTX == 0 { throw failure(.writableByOthers(mode: UInt32(info.st_mode & 0o7777))) }
    }

    /// Opens a new file at `path` for writing: `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600 whatever the umask, so an
    /// existing file or link (anyone's) is never used.
    /// - Throws: ``LogFileError``.
    public static func create(_ path: String, origin: LogFileError.Origin = .builtIn) throws(LogFileError) -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw openFailure(path, origin: origin, code: errno) }
        fchmod(descriptor, 0o600)
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Opens `path` for writing from its start: a new file as ``create(_:origin:)``; an existing one only when it is a
    /// regular file of this user with one link that group and others cannot write to. It is checked on the opened
    /// descriptor (what was checked is what is written) and only then emptied and set to mode 0600; a file that fails
    /// the check is left exactly as it was.
    /// - Throws: ``LogFileError``.
    public static func replace(_ path: String, origin: LogFileError.Origin = .builtIn) throws(LogFileError) -> FileHandle {
        // Two rounds: a file removed between the failed create and the open is made new in the second.
        for _ in 0..<2 {
            let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if created >= 0 {
                fchmod(created, 0o600)
                return FileHandle(fileDescriptor: created, closeOnDealloc: true)
            }
            guard errno == EEXIST else { throw openFailure(path, origin: origin, code: errno) }
            // O_NONBLOCK: a pipe planted there must not hang the open; it is refused below.
            let descriptor = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
            guard descriptor >= 0 else {
                if errno == ENOENT { continue }
                throw openFailure(path, origin: origin, code: errno)
            }
            var info = stat()
            let problem: LogFileError.Problem?
            if fstat(descriptor, &info) != 0 {
                problem = .cannotOpen(String(cString: strerror(errno)))
            } else if info.st_mode & S_IFMT != S_IFREG {
                problem = .notARegularFile
            } else if info.st_uid != geteuid() {
                problem = .ownedByOther(uid: UInt32(info.st_uid))
            } else if info.st_nlink != 1 {
                problem = .hardLinks(count: UInt(info.st_nlink))
            } else if info.st_mode & 0o022 != 0 {
                problem = .writableByOthers(mode: UInt32(info.st_mode & 0o7777))
            } else {
                problem = ftruncate(descriptor, 0) == 0 && fchmod(descriptor, 0o600) == 0 ? nil : .cannotOpen(String(cString: strerror(errno)))
            }
            if let problem {
                close(descriptor)
                throw LogFileError(path: path, isFolder: false, origin: origin, problem: problem)
            }
            return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        }
        throw LogFileError(path: path, isFolder: false, origin: origin, problem: .cannotOpen("it was replaced while it was opened"))
    }

    /// Writes `data` to `path` through ``replace(_:origin:)`` (a combined log written again by a retry in place).
    /// - Throws: ``LogFileError``.
    public static func write(_ data: Data, to path: String, origin: LogFileError.Origin = .builtIn) throws(LogFileError) {
        let handle = try replace(path, origin: origin)
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            throw LogFileError(path: path, isFolder: false, origin: origin, problem: .cannotOpen("\(error.localizedDescription)"))
        }
    }

    /// The error of an `open` that failed with `code`: a symbolic link (`ELOOP` under `O_NOFOLLOW`) names its owner.
    private static func openFailure(_ path: String, origin: LogFileError.Origin, code: Int32) -> LogFileError {
        var info = stat()
        let problem: LogFileError.Problem
        if code == ELOOP, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            problem = .symbolicLink(owner: UInt32(info.st_uid))
        } else if code == ENOENT {
            problem = .noFolder
        } else if code == EISDIR {
            problem = .notARegularFile
        } else {
            problem = .cannotOpen(String(cString: strerror(code)))
        }
        return LogFileError(path: path, isFolder: false, origin: origin, problem: problem)
    }
}
