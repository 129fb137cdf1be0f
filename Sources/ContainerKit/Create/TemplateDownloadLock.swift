import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Serialises template downloads between lxc-build processes on one machine, so ten runs started together
/// download a missing template once. The download itself re-checks the storage once it holds the lock; runs on
/// other machines are caught by the node's running `download` task instead.
public protocol TemplateDownloadLocking: Sendable {
    /// Runs `body` while holding the lock named `key`, waiting at most `timeout` for it (then exit 211, as
    /// build.func's template lock).
    func withLock<T: Sendable>(
        _ key: String, timeout: Duration, _ body: @Sendable () async throws(BuildError) -> T
    ) async throws(BuildError) -> T
}

/// `flock(2)` on a file per key in a lock folder. The kernel drops the lock when the process ends, however it
/// ends, so a killed run never leaves a stale lock behind. Waiting polls without blocking a thread.
public struct FileTemplateDownloadLock: TemplateDownloadLocking {
    /// The folder holding the lock files: a ``PrivateFolder`` (created with mode 0700 when missing; refused
    /// when it is a symbolic link, another user's, or writable by others).
    public let directory: String

    /// Locks in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// ``standard(environment:)`` for this process's environment.
    public static var standard: FileTemplateDownloadLock {
        standard(environment: ProcessInfo.processInfo.environment)
    }

    /// Locks in ``LockFolder/standard(environment:)``.
    public static func standard(environment: [String: String]) -> FileTemplateDownloadLock {
        FileTemplateDownloadLock(directory: LockFolder.standard(environment: environment))
    }

    /// The lock file for `key` (``LockFolder/fileNamePart(_:)``).
    public func path(for key: String) -> String {
        directory + "/template-" + LockFolder.fileNamePart(key) + ".lock"
    }

    public func withLock<T: Sendable>(
        _ key: String, timeout: Duration, _ body: @Sendable () async throws(BuildError) -> T
    ) async throws(BuildError) -> T {
        let file = path(for: key)
        let descriptor = try openLockFile(file)
        defer { close(descriptor) }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw BuildError(exitCode: BuildExitCode.templateLock, message: "cannot lock \(file): \(String(cString: strerror(errno)))")
            }
            guard ContinuousClock.now < deadline else {
                throw BuildError(
                    exitCode: BuildExitCode.templateLock,
                    message: "another lxc-build run has been downloading this template for over \(timeout) (lock \(file))",
                    hint: "Wait for it, or stop it; the lock goes away with the process that holds it.")
            }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                throw BuildError(exitCode: BuildExitCode.interrupted, message: "interrupted while waiting for the template lock")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }

    private func openLockFile(_ file: String) throws(BuildError) -> Int32 {
        do throws(LockFolder.Problem) {
            return try LockFolder.open(file, in: directory)
        } catch {
            throw BuildError(exitCode: BuildExitCode.templateLock,
                             message: error.isFolder ? "the template lock folder cannot be used: \(error.message)" : error.message,
                             hint: error.isFolder ? "Or set XDG_RUNTIME_DIR to a folder of your own (mode 0700)." : nil)
        }
    }
}
