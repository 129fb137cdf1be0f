import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One lxc-build run at a time changes a container: an update, a restore over it or its removal holds the
/// container's lock for as long as it acts, and another run on this machine that would act on the same container
/// is refused at once (a scheduled `update --all` and an admin's `update 150`, say), naming the run that holds it.
///
/// The lock is `flock(2)` on a file per server and container id in a ``LockFolder``: the kernel drops it when the
/// holding process ends, however it ends, so a killed run never leaves a stale lock. It serialises the runs of this
/// machine that reach the cluster the same way (`APITransport.server`); PVE's own configuration lock
/// (taken during a snapshot, a backup, a restore) is what other machines meet.
public struct ContainerOperationLock: Sendable, Equatable {
    /// The folder holding the lock files (a ``PrivateFolder``).
    public let directory: String

    /// Locks in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Locks in ``LockFolder/standard(environment:)`` of this process's environment.
    public static var standard: ContainerOperationLock {
        ContainerOperationLock(directory: LockFolder.standard(environment: ProcessInfo.processInfo.environment))
    }

    /// The lock file of container `ctid` on `server` (``LockFolder/fileNamePart(_:)`` of the server).
    public func path(ctid: Int, server: String) -> String {
        directory + "/container-\(LockFolder.fileNamePart(server))-\(ctid).lock"
    }

    /// Runs `body` holding container `ctid`'s lock on `server`, which says `operation` (`update`, `restore`,
    /// `destroy`) to a run that meets it.
    /// - Throws: ``BuildError`` 1 when another run holds the lock (nothing was done), or the lock folder cannot be
    ///   used; what `body` throws.
    public func withLock<T: Sendable>(
        ctid: Int, server: String, operation: String, _ body: () async throws(BuildError) -> T
    ) async throws(BuildError) -> T {
        let file = path(ctid: ctid, server: server)
        let descriptor = try openLockFile(file, creating: true)
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw refusal(ctid: ctid, file: file, errorNumber: errno, holder: Self.holder(of: descriptor))
        }
        defer {
            _ = ftruncate(descriptor, 0)
            flock(descriptor, LOCK_UN)
        }
        let stamp = "\(operation), process \(getpid()), since \(TimeStamp.iso8601(Date()))\n"
        _ = ftruncate(descriptor, 0)
        _ = stamp.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return try await body()
    }

    /// Refuses when another run holds container `ctid`'s lock on `server` now, for a plan: the run itself takes the
    /// lock (``withLock(ctid:server:operation:_:)``), which is what counts.
    /// - Throws: ``BuildError`` 1 naming the run that holds it.
    public func checkFree(ctid: Int, server: String) throws(BuildError) {
        let file = path(ctid: ctid, server: server)
        guard FileManager.default.fileExists(atPath: file) else { return }
        let descriptor = try openLockFile(file, creating: false)
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw refusal(ctid: ctid, file: file, errorNumber: errno, holder: Self.holder(of: descriptor))
        }
        flock(descriptor, LOCK_UN)
    }

    private func openLockFile(_ file: String, creating: Bool) throws(BuildError) -> Int32 {
        do throws(LockFolder.Problem) {
            return try LockFolder.open(file, in: directory, creating: creating)
        } catch {
            throw BuildError(exitCode: .general,
                             message: error.isFolder ? "the lock folder for one run per container cannot be used: \(error.message)" : error.message,
                             hint: error.isFolder ? "Or set XDG_RUNTIME_DIR to a folder of your own (mode 0700)." : nil)
        }
    }

    private func refusal(ctid: Int, file: String, errorNumber: Int32, holder: String?) -> BuildError {
        guard errorNumber == EWOULDBLOCK else {
            return BuildError(exitCode: .general, message: "cannot lock \(file): \(String(cString: strerror(errorNumber)))")
        }
        return BuildError(
            exitCode: .general,
            message: "container \(ctid) is in the hands of another lxc-build run on this machine (\(holder ?? "its lock \(file)")); nothing was done",
            hint: "Wait for that run to end, or stop it: the lock goes away with its process.")
    }

    /// What the holding run wrote in the lock file: printable ASCII only, at most 200 characters.
    private static func holder(of descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count).filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }
}
