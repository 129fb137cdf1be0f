import Foundation
import HostProbe
import LXCBuildTestSupport
import Testing

@Suite("Process command runner")
struct ProcessCommandRunnerTests {
    let runner = ProcessCommandRunner()

    @Test("Output, error output and exit status are collected")
    func collects() async throws {
        let result = try await runner.run(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(300))
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(result.exitStatus == .exited(3))
        #expect(!result.succeeded)
        let error = #expect(throws: ProbeError.self) { try result.checked() }
        #expect(error?.code == .nonZeroExit)
        #expect(error?.message == "sh -c echo out; echo err >&2; exit 3 ended with exit 3: err")
    }

    @Test("Commands run with LC_ALL=C and no standard input, so they cannot prompt")
    func noInput() async throws {
        let result = try await runner.run(["sh", "-c", "echo $LC_ALL; cat"], timeout: .seconds(300))
        #expect(result.stdout == "C\n")
        #expect(result.succeeded)
    }

    @Test("A missing program is reported as not installed")
    func notFound() async {
        let error = await #expect(throws: ProbeError.self) {
            try await runner.run(["lxc-build-no-such-command", "-nn"], timeout: .seconds(1))
        }
        #expect(error?.code == .commandNotFound)
        #expect(error?.message == "lxc-build-no-such-command is not installed")
    }

    @Test("A hung command is killed at its timeout and the call returns promptly")
    func timeout() async {
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: ProbeError.self) {
            try await runner.run(["sleep", "900"], timeout: .milliseconds(300))
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message == "sleep 900 did not finish within 0.3 s")
        // The command sleeps 900 s: anything well below means it was stopped. The bound is far from the 0.3 s
        // because a sanitizer run on two cores can leave a test unscheduled for tens of seconds at its start.
        #expect(clock.now - start < .seconds(300))
    }

    @Test("A timeout returns even when a grandchild keeps the output pipe open, and the grandchild ends too")
    func timeoutWithGrandchild() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let pidFile = NSTemporaryDirectory() + "lxcb-grandchild-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let error = await #expect(throws: ProbeError.self) {
            try await runner.run(["sh", "-c", "sleep 900 & echo $! > \"$0\"; sleep 900", pidFile], timeout: .milliseconds(300))
        }
        #expect(error?.code == .timedOut)
        // The commands sleep 900 s: anything well below means they were not waited for (the bound is generous, as
        // above: sanitizer runs can leave a test unscheduled for tens of seconds).
        #expect(clock.now - start < .seconds(300))
        // The background sleep was in the command's process group: the group was signalled, so it is gone.
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = true
        for _ in 0..<50 where alive {
            try await Task.sleep(for: .milliseconds(100))
            alive = kill(pid, 0) == 0 && !Self.isZombie(pid)
        }
        #expect(!alive, "the grandchild \(pid) outlived the timeout")
    }

    /// A process that ended but was not reaped yet (its parent, the killed shell, is gone too: init reaps it soon).
    static func isZombie(_ pid: Int32) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").contains(") Z ")
    }

    @Test("Cancelling the calling task stops the command and its process group")
    func cancellationKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let runner = self.runner
        let arguments = probe.arguments
        let task = Task { try await runner.run(arguments, timeout: .seconds(600)) }
        let grandchild = try #require(await probe.waitForGrandchild(), "the command never started its grandchild")
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        // The commands sleep 900 s: anything well below means they were stopped (generous: sanitizer runs are slow).
        #expect(clock.now - start < .seconds(300))
        if case .failure(let error as ProbeError) = result {
            #expect(error.code == .cancelled)
        } else {
            Issue.record("expected a cancellation error, got \(result)")
        }
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the cancellation")
    }

    @Test("Several MB on both pipes do not deadlock")
    func severalMegabytes() async throws {
        let script = "head -c 4000000 /dev/zero | tr '\\0' o; head -c 4000000 /dev/zero | tr '\\0' e >&2"
        let result = try await runner.run(["sh", "-c", script], timeout: .seconds(120))
        #expect(result.stdout.utf8.count == 4_000_000)
        #expect(result.stderr.utf8.count == 4_000_000)
    }

    @Test("Output larger than a pipe buffer on both pipes does not deadlock")
    func largeOutput() async throws {
        let script = "head -c 300000 /dev/zero | tr '\\0' o; head -c 300000 /dev/zero | tr '\\0' e >&2"
        let result = try await runner.run(["sh", "-c", script], timeout: .seconds(300))
        #expect(result.stdout.utf8.count == 300_000)
        #expect(result.stderr.utf8.count == 300_000)
        #expect(result.stdout.allSatisfy { $0 == "o" })
    }
}

@Suite("Recorded command runner")
struct RecordedCommandRunnerTests {
    @Test("Recordings replay output and exit status; missing, hanging and unrecorded commands fail as a real run would")
    func replay() async throws {
        let root = try FixtureHost.intelNVIDIA.root
        let runner = RecordedCommandRunner(root: root)
        let version = try await runner.run(["pveversion"], timeout: .seconds(1))
        #expect(version.stdout.hasPrefix("pve-manager/8.4.1/"))
        let hung = await #expect(throws: ProbeError.self) { try await runner.run(["pvecm", "status"], timeout: .seconds(10)) }
        #expect(hung?.code == .timedOut)
        let unrecorded = await #expect(throws: ProbeError.self) { try await runner.run(["uname", "-m"], timeout: .seconds(1)) }
        #expect(unrecorded?.code == .commandNotFound)
        #expect(unrecorded?.message.hasPrefix("no recording of `uname -m` in ") == true)
        let missing = RecordedCommandRunner(root: try FixtureHost.notPVE.root)
        let notInstalled = await #expect(throws: ProbeError.self) { try await missing.run(["pveversion"], timeout: .seconds(1)) }
        #expect(notInstalled?.message == "pveversion is not installed")
    }
}
