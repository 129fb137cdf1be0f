import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

@Suite("pvesh runner: process group, cancellation, large output")
struct PveshRunnerProcessTests {
    /// Well below the 900 s the commands sleep, generous for sanitizer runs on a loaded machine (a ThreadSanitizer run
    /// on two cores left tests unscheduled for about 45 s at its start).
    static let bound = Duration.seconds(300)

    /// A runner whose "pvesh" is `sh -c SCRIPT PIDFILE`; pvesh's own arguments follow as `$1...`.
    func runner(_ probe: GrandchildProbe, timeout: Duration) -> ProcessPveshRunner {
        ProcessPveshRunner(executable: "/bin/sh", leadingArguments: Array(probe.arguments.dropFirst()), timeout: timeout)
    }

    @Test("a pvesh whose grandchild holds the pipes is stopped with its group at the timeout")
    func timeoutKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: ProxmoxError.self) {
            try await runner(probe, timeout: .milliseconds(500)).run(arguments: ["get", "/version", "--output-format", "json"])
        }
        #expect(clock.now - start < Self.bound)
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("pvesh get /version") == true)
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the timeout")
    }

    @Test("cancelling the calling task stops pvesh and its group")
    func cancellationKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let runner = runner(probe, timeout: .seconds(600))
        let task = Task { try await runner.run(arguments: ["get", "/version"]) }
        let grandchild = try #require(await probe.waitForGrandchild(), "the stand-in never started its grandchild")
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        #expect(clock.now - start < Self.bound)
        #expect(throws: ProxmoxError.self) { try result.get() }
        #expect((try? result.get()) == nil)
        if case .failure(let error as ProxmoxError) = result { #expect(error.code == .cancelled) }
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the cancellation")
    }

    @Test("several MB on both pipes do not deadlock")
    func largeOutput() async throws {
        let script = "head -c 4000000 /dev/zero | tr '\\0' e >&2; printf '\"'; head -c 4000000 /dev/zero | tr '\\0' o; printf '\"'"
        let runner = ProcessPveshRunner(executable: "/bin/sh", leadingArguments: ["-c", script, "pvesh"], timeout: .seconds(120))
        let result = try await runner.run(arguments: ["get", "/big"])
        #expect(result.exitStatus == 0)
        #expect(result.standardOutput.utf8.count == 4_000_002)
        #expect(result.standardError.utf8.count == 4_000_000)
    }
}
