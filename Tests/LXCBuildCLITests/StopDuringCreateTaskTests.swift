import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

/// A create whose task never ends: a signal stops the wait at once and says what it does, the run asks
/// PVE to stop the task and removes the container; a second signal ends the process at once, naming the container.
@Suite("lxc-build create stopped while its create task never ends", .serialized)
struct StopDuringCreateTaskTests {
    /// Runs `create` against `pve`, whose create task lasts a day; once lxc-build polls the create task, sends
    /// `first`; then, once `second`'s condition holds, sends its signal. A run still going after 300 s is killed
    /// (the fake's task, and the old cleanup's wait for it, would take 1,800 s and more).
    static func create(
        _ pve: FakePVE, first: Int32, second: (signal: Int32, when: @Sendable (String) -> Bool)? = nil
    ) async throws -> (run: CLITests.Run, killedByWatchdog: Bool) {
        try pve.setItem("ct_secs", key: "create", value: 86_400)
        try pve.set("time_scale", 1)
        let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
        return try await offPool {
            let errors = Pipe()
            let process = try CLITests.launch(["create", "debian", "--os-version", "12", "--ip", "10.30.0.8/24"],
                                              environment: environment, output: nil, errors: errors)
            let killed = Watchdog(process, after: 300)
            // The signal comes once lxc-build waits for the create task: it has the task's id and polls it. (Once the
            // fake has the POST but before its answer arrives the outcome is unknown, and the container is rightly
            // left alone: `AmbiguousCreateOutcome`; under load a signal sent on the POST alone fell into that window.)
            let createSent = CLITests.createSent(pve)
            let taskPolled = { (try? pve.requests().contains { $0.method == "GET" && $0.path.contains("/tasks/UPID") }) ?? false }
            let clock = ContinuousClock()
            let end = clock.now + .seconds(300)
            while !(createSent() && taskPolled()) && process.isRunning && clock.now < end { usleep(20_000) }
            kill(process.processIdentifier, first)
            // Standard error is read on a thread of its own: the cleanup may print nothing for a while, and the
            // second signal must come meanwhile.
            let text = LockedValue(Data())
            let reader = Thread {
                while true {
                    let chunk = errors.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text.withLock { $0.append(chunk) }
                }
            }
            reader.start()
            if let second {
                while process.isRunning && clock.now < end + .seconds(300)
                    && !second.when(String(decoding: text.withLock { $0 }, as: UTF8.self)) { usleep(20_000) }
                kill(process.processIdentifier, second.signal)
            }
            process.waitUntilExit()
            while !reader.isFinished { usleep(20_000) }
            let run = CLITests.Run(status: BuildExitCode(rawValue: process.terminationStatus), output: "", errors: String(decoding: text.withLock { $0 }, as: UTF8.self))
            return (run, killed.fired)
        }
    }

    @Test("SIGTERM while the create task runs: a stopping line, the task stopped, the container removed, exit 143")
    func terminatedDuringTask() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let (run, killedByWatchdog) = try await Self.create(pve, first: SIGTERM)
            #expect(!killedByWatchdog, "the run did not end within 300 s of SIGTERM: \(run.errors)")
            #expect(run.status == 143, "\(run.errors)")
            let stopping = run.errors.split(separator: "\n").first { $0.hasPrefix("stopping: ") }
            #expect(stopping?.contains("terminated (SIGTERM)") == true, "\(run.errors)")
            #expect(stopping?.contains("stop the create task of container 100 on pve1") == true, "\(run.errors)")
            #expect(stopping?.contains("remov") == true, "\(run.errors)")
            #expect(try pve.requests().contains { $0.method == "DELETE" && $0.path.contains("/tasks/UPID") }, "the create task was not stopped")
            #expect(try await pve.containerIDs().isEmpty, "the container was left behind: \(run.errors)")
        }
    }

    @Test("a second signal during the cleanup ends the process at once, naming the container left and how to remove it")
    func secondSignalEndsAtOnce() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // A worker that does not die when asked: the cleanup waits (bounded) for the task while the second signal comes.
            try pve.set("ignore_task_stop", true)
            let taskStopSent: @Sendable () -> Bool = {
                (try? pve.requests().contains { $0.method == "DELETE" && $0.path.contains("/tasks/UPID") }) ?? false
            }
            let (run, killedByWatchdog) = try await Self.create(pve, first: SIGTERM, second: (SIGINT, { $0.contains("stopping: ") && taskStopSent() }))
            #expect(!killedByWatchdog, "the run did not end within 300 s: \(run.errors)")
            #expect(run.status == 130, "\(run.errors)")
            let last = run.errors.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.contains("container 100 on pve1"), "\(run.errors)")
            #expect(last.contains("lxc-build destroy 100 --node pve1"), "\(run.errors)")
            #expect(last.contains("pct destroy 100 --purge"), "\(run.errors)")
            #expect(try await pve.containerIDs() == [100], "the second signal ends the run before the container is removed")
        }
    }
}

/// A value shared with a reading thread.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}

/// Kills a process still running after `seconds`; `fired` says whether it had to.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var didFire = false

    init(_ process: Process, after seconds: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            guard process.isRunning else { return }
            lock.withLock { didFire = true }
            kill(process.processIdentifier, SIGKILL)
        }
    }

    var fired: Bool { lock.withLock { didFire } }
}
