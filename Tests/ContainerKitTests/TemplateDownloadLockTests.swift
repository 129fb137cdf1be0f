import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Synchronization
import Testing
@testable import ContainerKit

/// The lock that keeps lxc-build processes on one machine from downloading a template twice.
@Suite("Template download lock")
struct TemplateDownloadLockTests {
    @Test("a key's lock file is named after it, with every unsafe character replaced")
    func path() throws {
        let lock = FileTemplateDownloadLock(directory: "/run/lock/lxc-build")
        #expect(lock.path(for: "pve1/local/debian-12-standard_12.7-1_amd64.tar.zst")
            == "/run/lock/lxc-build/template-pve1_local_debian-12-standard_12.7-1_amd64.tar.zst.lock")
        #expect(lock.path(for: "../../etc/passwd;$(id)") == "/run/lock/lxc-build/template-.._.._etc_passwd___id_.lock")
    }

    @Test("two holders of one key take turns; other keys do not wait")
    func turns() async throws {
        let lock = FileTemplateDownloadLock(directory: try temporaryFolder())
        let inside = Holders()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    // A long timeout: each holder stays 0.2 s, but at the start of a ThreadSanitizer run on two cores the
                    // holders' wake-ups came so late that the third waited more than 30 s.
                    try await lock.withLock(index < 3 ? "same" : "other", timeout: .seconds(300)) { () throws(BuildError) in
                        inside.enter()
                        try? await Task.sleep(for: .milliseconds(200))
                        inside.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        // flock locks belong to the open file, so holders in one process exclude each other too; "other" ran beside.
        #expect(inside.most == 2)
    }

    @Test("held by another process: waited for, and 211 when it is held past the timeout")
    func otherProcess() async throws {
        let directory = try temporaryFolder()
        let lock = FileTemplateDownloadLock(directory: directory)
        let file = lock.path(for: "pve1/local/t.tar.zst")
        let ready = directory + "/ready"
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        let release = directory + "/release"
        // Holds the lock until told to let go (the release file), however slowly this test runs.
        holder.arguments = [file, "sh", "-c", "touch \"$0\"; while [ ! -e \"$1\" ]; do sleep 0.05; done", ready, release]
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try holder.run()
        defer {
            // Also on failure: the loop ends, and flock(1) and its shell (one process group) go.
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            if holder.isRunning { kill(-holder.processIdentifier, SIGKILL) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        while !FileManager.default.fileExists(atPath: ready) && clock.now - started < .seconds(300) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(FileManager.default.fileExists(atPath: ready), "flock(1) never took the lock")
        await #expect {
            try await lock.withLock("pve1/local/t.tar.zst", timeout: .milliseconds(300)) { () throws(BuildError) in }
        } throws: { error in
            (error as? BuildError)?.exitCode == BuildExitCode.templateLock
        }
        #expect(FileManager.default.createFile(atPath: release, contents: nil))
        let holderEnded = try await lock.withLock("pve1/local/t.tar.zst", timeout: .seconds(300)) { () throws(BuildError) -> Bool in
            // flock(1) releases the lock only by ending.
            for _ in 0..<3000 where holder.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
            return !holder.isRunning
        }
        #expect(holderEnded, "the lock was granted while the other process still held it")
    }
}

/// Counts who is inside a lock at once.
final class Holders: Sendable {
    private let state = Mutex((now: 0, most: 0))
    var most: Int { state.withLock { $0.most } }
    func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
}
