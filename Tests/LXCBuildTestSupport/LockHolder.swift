import Foundation

/// Another process holding a `flock(2)` lock on a file, as another lxc-build run would: for tests of what a run does
/// when it meets a lock it cannot take. The shell opens the file, takes the lock with util-linux's `flock(1)` on that
/// descriptor and becomes `sleep`, which keeps it: ending that one process lets the lock go.
public final class LockHolder {
    private let process: Process

    /// Starts the holder of `file`'s lock and returns once it holds it (within a minute), using `folder` for its
    /// ready marker.
    public init(file: String, folder: String) async throws {
        let ready = folder + "/lock-holder-ready-\(UUID().uuidString.prefix(8))"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec 9>>\"$1\" && flock -x 9 && touch \"$0\" && exec sleep 300", ready, file]
        try process.run()
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: ready) && clock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try? FileManager.default.removeItem(atPath: ready)
    }

    /// Ends the holding process and waits (up to a minute) for it to be gone: the kernel drops its lock. Polled with
    /// `Task.sleep`, never `Process.waitUntilExit()`, which spins a run loop on a thread of the cooperative pool.
    public func release() async throws {
        if process.isRunning { process.terminate() }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while process.isRunning && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// A holder left behind by a failed test is ended with it.
    deinit {
        if process.isRunning { process.terminate() }
    }
}
