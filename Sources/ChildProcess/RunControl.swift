import Foundation
import Glibc

/// What other threads tell a running child's loop: the calling task was cancelled, or the child ended. Each news
/// wakes the loop through a pipe of its own, whose write end is closed under the lock, so a late cancellation
/// never writes to a descriptor number that was closed and reused.
final class RunControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var exited = false
    private var wakeWrite: Int32
    /// The end the loop polls.
    let wakeRead: Int32

    init() throws(ChildProcessError) {
        let ends = try Descriptors.pipe(nonBlocking: true)
        wakeRead = ends.read
        wakeWrite = ends.write
    }

    /// The calling task was cancelled.
    func cancel() { lock.withLock { cancelled = true; wake() } }

    /// The child ended (it is not reaped yet).
    func childExited() { lock.withLock { exited = true; wake() } }

    /// Whether the task was cancelled, and whether the child ended.
    var state: (cancelled: Bool, exited: Bool) { lock.withLock { (cancelled, exited) } }

    /// Empties the wake pipe after a wake-up.
    func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &bytes, bytes.count) > 0 {}
    }

    /// Closes both ends; later news is ignored.
    func close() {
        lock.withLock {
            Glibc.close(wakeWrite)
            wakeWrite = -1
        }
        Glibc.close(wakeRead)
    }

    private func wake() {
        guard wakeWrite >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // non-blocking: a full pipe already wakes the loop
    }
}
