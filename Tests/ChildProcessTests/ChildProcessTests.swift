import ChildProcess
import Foundation
import LXCBuildTestSupport
import Testing

@Suite("One way to run a child process")
struct ChildProcessTests {
    /// Well below the 900 s the commands sleep, generous for sanitizer runs on a loaded machine (a ThreadSanitizer run
    /// on two cores left tests unscheduled for about 45 s at its start).
    static let bound = Duration.seconds(300)

    @Test("Input is fed, both outputs and the exit status are collected, the environment is exactly the one given")
    func collects() async throws {
        let command = ChildCommand(
            "/bin/sh", ["-c", "cat; echo \"[$GREETING]\" >&2; env | wc -l >&2; exit 3"], environment: ["GREETING": "hi there"],
            streams: .pipes(input: Data("from stdin\n".utf8)), deadline: .seconds(60))
        let outcome = try await ChildProcess.run(command)
        #expect(outcome.termination == .exited(3))
        #expect(outcome.stop == nil)
        #expect(outcome.unreadInput == 0)
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "from stdin\n")
        // sh adds PWD (and maybe SHLVL, _) to what it was given: a handful of variables, not the test's own.
        let errorLines = String(decoding: outcome.standardError, as: UTF8.self).split(separator: "\n")
        #expect(errorLines.first == "[hi there]")
        #expect((Int(errorLines.last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 99) <= 4)
    }

    @Test("At the deadline the whole group ends: a grandchild holding the pipes does not hold the call, and is gone")
    func deadlineKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await ChildProcess.run(ChildCommand(probe.arguments[0], Array(probe.arguments.dropFirst()), deadline: .milliseconds(500)))
        #expect(clock.now - start < Self.bound)
        #expect(outcome.stop == .deadline)
        #expect(outcome.termination == .signalled(SIGTERM))
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the deadline")
    }

    @Test("A child that ended but left a grandchild holding the pipes: the group is stopped at the deadline")
    func deadlineAfterChildEnded() async throws {
        let probe = GrandchildProbe(shellEnd: "echo done; exit 0")
        defer { probe.cleanUp() }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await ChildProcess.run(ChildCommand(probe.arguments[0], Array(probe.arguments.dropFirst()), deadline: .milliseconds(500)))
        #expect(clock.now - start < Self.bound)
        #expect(outcome.stop == .deadline)
        #expect(outcome.termination == .exited(0))
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "done\n")
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the deadline")
    }

    @Test("A grandchild that ignores SIGTERM gets SIGKILL after the grace, though its parent already ended")
    func killAfterGrace() async throws {
        let probe = GrandchildProbe(grandchildIgnoresTERM: true)
        defer { probe.cleanUp() }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try await ChildProcess.run(
            ChildCommand(probe.arguments[0], Array(probe.arguments.dropFirst()), deadline: .milliseconds(500), grace: .milliseconds(500)))
        #expect(clock.now - start < Self.bound)
        #expect(outcome.stop == .deadline)
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) survived SIGKILL to the group")
    }

    @Test("Cancelling the calling task stops the whole group, with no deadline set")
    func cancellationKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let arguments = probe.arguments
        let task = Task { try await ChildProcess.run(ChildCommand(arguments[0], Array(arguments.dropFirst()))) }
        let grandchild = try #require(await probe.waitForGrandchild(), "the command never started its grandchild")
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let outcome = try await task.value
        #expect(clock.now - start < Self.bound)
        #expect(outcome.stop == .cancelled)
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the cancellation")
    }

    @Test("A task cancelled before the start starts nothing")
    func cancelledBeforeStart() async throws {
        let marker = NSTemporaryDirectory() + "lxcb-never-\(UUID().uuidString.prefix(12))"
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "touch \"$0\"", marker]))
        }
        let error = await #expect(throws: ChildProcessError.self) { try await task.value }
        #expect(error?.code == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("A child that ends without reading its input: EPIPE, not SIGPIPE; the status and the unread count come back")
    func childStopsReading() async throws {
        let input = Data(repeating: 0x61, count: 8 << 20)
        let outcome = try await withDefaultBrokenPipeAction {
            let outcome = try await ChildProcess.run(ChildCommand(
                "/bin/sh", ["-c", "head -c 10 >/dev/null; echo read ten; exit 3"], streams: .pipes(input: input), deadline: .seconds(120)))
            #expect(brokenPipeActionIsDefault(), "the run changed SIGPIPE's action for the whole process")
            return outcome
        }
        #expect(outcome.termination == .exited(3))
        #expect(outcome.stop == nil)
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "read ten\n")
        #expect(outcome.unreadInput > 0 && outcome.unreadInput <= input.count - 10)
    }

    @Test("Several MB in, and several MB out on each pipe at once, do not deadlock")
    func largeStreams() async throws {
        let input = Data((0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let script = "cat; head -c 5000000 /dev/zero | tr '\\0' e >&2; head -c 3000000 /dev/zero | tr '\\0' o"
        let outcome = try await ChildProcess.run(
            ChildCommand("/bin/sh", ["-c", script], streams: .pipes(input: input), deadline: .seconds(120)))
        #expect(outcome.termination == .exited(0))
        #expect(outcome.stop == nil)
        #expect(outcome.standardOutput.count == input.count + 3_000_000)
        #expect(outcome.standardOutput.prefix(input.count) == input)
        #expect(outcome.standardError.count == 5_000_000)
        #expect(outcome.standardError.allSatisfy { $0 == UInt8(ascii: "e") })
    }

    @Test("A child that writes without end is stopped at the output limit, the first bytes kept, its group gone")
    func outputLimit() async throws {
        // `yes` writes for ever on standard output; the background sleep holds the pipes as a grandchild would.
        let probe = GrandchildProbe(shellEnd: "yes lxc-build")
        defer { probe.cleanUp() }
        let outcome = try await ChildProcess.run(
            ChildCommand(probe.arguments[0], Array(probe.arguments.dropFirst()), deadline: .seconds(120), outputLimit: 1 << 20))
        #expect(outcome.stop == .outputLimit)
        #expect(outcome.standardOutput.count == 1 << 20)
        #expect(outcome.standardOutput.starts(with: Data("lxc-build\nlxc-build\n".utf8)))
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the stop")
    }

    @Test("Output at the limit exactly is not over it; the limit holds on standard error too")
    func outputAtLimit() async throws {
        let exact = try await ChildProcess.run(
            ChildCommand("/bin/sh", ["-c", "head -c 4096 /dev/zero"], deadline: .seconds(60), outputLimit: 4096))
        #expect(exact.stop == nil && exact.termination == .exited(0) && exact.standardOutput.count == 4096)
        let errors = try await ChildProcess.run(
            ChildCommand("/bin/sh", ["-c", "head -c 9000 /dev/zero >&2"], deadline: .seconds(60), outputLimit: 4096))
        #expect(errors.stop == .outputLimit)
        #expect(errors.standardError.count == 4096)
        // Over the limit and ended at once: still reported, never a silent cut.
        for _ in 0..<20 {
            let quick = try await ChildProcess.run(
                ChildCommand("/bin/sh", ["-c", "printf 0123456789"], deadline: .seconds(60), outputLimit: 4))
            #expect(quick.stop == .outputLimit && quick.standardOutput == Data("0123".utf8), "\(quick)")
        }
    }

    @Test("A missing program and a NUL byte in an argument are errors before anything runs")
    func startFailures() async throws {
        let missing = await #expect(throws: ChildProcessError.self) {
            try await ChildProcess.run(ChildCommand("/nonexistent/lxcb-no-such-program"))
        }
        #expect(missing?.code == .launchFailed)
        #expect(missing?.errorNumber == ENOENT)
        #expect(missing?.message.contains("/nonexistent/lxcb-no-such-program") == true)
        let nul = await #expect(throws: ChildProcessError.self) {
            try await ChildProcess.run(ChildCommand("/bin/echo", ["a\u{0}b"]))
        }
        #expect(nul?.code == .invalidArgument)
    }

    @Test("A signal that ended the child is reported as such")
    func signalled() async throws {
        let outcome = try await ChildProcess.run(ChildCommand("/bin/sh", ["-c", "kill -KILL $$"], deadline: .seconds(60)))
        #expect(outcome.termination == .signalled(SIGKILL))
        #expect(outcome.termination.shellStatus == 137)
        #expect(outcome.stop == nil)
    }

    @Test("On a terminal the child stays in the caller's process group, and the deadline stops only the child")
    func terminal() throws {
        // Any descriptor stands in for the terminal here (the whiptail tests use a real one): this is about groups.
        let terminal = open("/dev/null", O_RDWR | O_CLOEXEC)
        try #require(terminal >= 0)
        defer { close(terminal) }
        let outcome = try ChildProcess.runBlocking(ChildCommand(
            "/bin/sh", ["-c", "cut -d ' ' -f 5 /proc/$$/stat >&2"],
            streams: .terminal(terminal, captureStandardError: true), deadline: .seconds(60)))
        #expect(outcome.termination == .exited(0))
        #expect(String(decoding: outcome.standardError, as: UTF8.self) == "\(getpgrp())\n")
        let stopped = try ChildProcess.runBlocking(ChildCommand(
            "/bin/sleep", ["300"], streams: .terminal(terminal, captureStandardError: false), deadline: .milliseconds(300)))
        #expect(stopped.stop == .deadline)
        #expect(stopped.termination == .signalled(SIGTERM))
    }
}
