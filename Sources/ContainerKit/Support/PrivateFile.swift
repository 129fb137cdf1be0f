import Foundation

/// Reads a file only this user may read or write, as the schedules' job files are: a regular file (not a symbolic
/// link) of this user, with no permission for group or others, checked on the opened descriptor.
enum PrivateFile {
    /// The bytes of `path`, at most `limit`.
    /// - Parameter what: the file's role for messages (`the schedule's job file`).
    /// - Throws: ``BuildError`` 234 when it does not exist; 64 when it is unsafe or larger than `limit`.
    static func read(_ path: String, limit: Int, what: String) throws(BuildError) -> Data {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw BuildError(exitCode: BuildExitCode.containerNotFound, message: "\(what) \(path) does not exist") }
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(what) \(path) cannot be read: "
                + (errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        let user = geteuid()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_uid == user, status.st_mode & 0o077 == 0 else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "refusing \(what) \(path): it must be a regular file of this user (uid \(user)) that nobody else may read or write "
                                + "(found: uid \(status.st_uid), mode 0\(String(status.st_mode & 0o7777, radix: 8)))",
                             hint: "Whoever can write it decides what runs as \(user == 0 ? "root" : "this user"): chown \(user) \(path); chmod 600 \(path).")
        }
        guard let data = try? handle.read(upToCount: limit + 1), data.count <= limit else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(what) \(path) is larger than \(limit) bytes or cannot be read")
        }
        return data
    }
}
