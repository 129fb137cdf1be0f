import ContainerKit
import HostProbe
import Foundation
import LXCBuildTestSupport
import Testing

@Suite("Local node shell: process group, cancellation, stdin, large output")
struct LocalNodeShellProcessTests {
    /// Well below the 900 s the commands sleep, generous for sanitizer runs on a loaded machine (a ThreadSanitizer run
    /// on two cores left tests unscheduled for about 45 s at its start).
    static let bound = Duration.seconds(300)
    let shell = LocalNodeShell(configLayout: .plainLXC)

    @Test("a command whose grandchild holds the pipes is stopped with its group at the timeout")
    func timeoutKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: NodeShellError.self) {
            try await shell.run(NodeCommand(probe.arguments, timeout: .milliseconds(500)))
        }
        #expect(clock.now - start < Self.bound)
        #expect(error?.kind == .timeout)
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the timeout")
    }

    @Test("a command that writes without end is stopped at its output limit, with its group")
    func outputLimitStopsCommand() async throws {
        let probe = GrandchildProbe(shellEnd: "yes node")
        defer { probe.cleanUp() }
        let error = await #expect(throws: NodeShellError.self) {
            try await shell.run(NodeCommand(probe.arguments, timeout: .seconds(120), outputLimit: 1 << 20))
        }
        #expect(error?.kind == .outputLimit)
        #expect(error?.message.contains("more than 1 MiB") == true, "\(error?.message ?? "")")
        let grandchild = try #require(probe.grandchildPID())
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the stop")
    }

    @Test("a log-like command past its limit runs to its end; a line says where and how much was left out")
    func longOutputKeepsStartAndEnd() async throws {
        let result = try await shell.run(NodeCommand(
            ["sh", "-c", "echo first; head -c 100000 /dev/zero | tr '\\0' x; echo; echo last >&2; echo last; exit 3"],
            timeout: .seconds(300), outputLimit: 4096, longOutput: .keepStartAndEnd))
        #expect(result.exitCode == 3)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "first")
        #expect(result.output.hasSuffix("x\nlast\n"))
        let marker = "[lxc-build: \(100012 - 4096) bytes left out here; of output longer than 4096 bytes, the first and the last 2048 bytes are kept]"
        #expect(lines.contains(Substring(marker)), "\(lines.filter { $0.hasPrefix("[") })")
        #expect(result.stdout.count == 4096 + marker.utf8.count + 2)
        #expect(result.errorOutput == "last\n")
    }

    @Test("the node check stops a node that answers more than a snapshot may hold: 81, naming the limit")
    func snapshotOutputLimit() async throws {
        /// Runs `yes` instead of the snapshot program, with the limit the inspection asked for.
        struct Flooding: NodeShell {
            let local = LocalNodeShell(configLayout: .plainLXC)
            var name: String { "flooding" }
            var configLayout: ContainerConfigLayout { local.configLayout }
            func run(_ command: NodeCommand) async throws(NodeShellError) -> ContainerKit.CommandResult {
                #expect(command.outputLimit == HostProbe.NodeSnapshot.maximumSize)
                return try await local.run(NodeCommand(["yes", "x"], timeout: command.timeout, outputLimit: command.outputLimit))
            }
        }
        let error = await #expect(throws: BuildError.self) {
            _ = try await NodeInspection(shell: Flooding()).snapshot(.check)
        }
        #expect(error?.exitCode == BuildExitCode.nodeShellUnusable)
        #expect(error?.message.contains("more than 32 MiB") == true, "\(error?.message ?? "")")
    }

    @Test("cancelling the calling task stops the command and its group")
    func cancellationKillsGroup() async throws {
        let probe = GrandchildProbe()
        defer { probe.cleanUp() }
        let shell = self.shell
        let arguments = probe.arguments
        let task = Task { try await shell.run(NodeCommand(arguments)) }
        let grandchild = try #require(await probe.waitForGrandchild(), "the command never started its grandchild")
        let clock = ContinuousClock()
        let start = clock.now
        task.cancel()
        let result = await task.result
        #expect(clock.now - start < Self.bound)
        if case .failure(let error as NodeShellError) = result {
            #expect(error.kind == .cancelled)
        } else {
            Issue.record("expected a cancellation error, got \(result)")
        }
        #expect(await GrandchildProbe.isGone(grandchild), "the grandchild \(grandchild) outlived the cancellation")
    }

    @Test("a command that ends while its input is still being written gives its exit code; SIGPIPE stays at its default")
    func inputNotRead() async throws {
        let input = Data(repeating: 0x61, count: 8 << 20)
        let result = try await withDefaultBrokenPipeAction {
            let result = try await shell.run(NodeCommand(["sh", "-c", "head -c 10 >/dev/null; exit 3"], input: input, timeout: .seconds(120)))
            #expect(brokenPipeActionIsDefault(), "the runner changed SIGPIPE's action for the whole process")
            return result
        }
        #expect(result.exitCode == 3)
    }

    @Test("several MB in and on both pipes do not deadlock")
    func largeStreams() async throws {
        let input = Data((0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let script = "cat; head -c 4000000 /dev/zero | tr '\\0' e >&2"
        let result = try await shell.run(NodeCommand(["sh", "-c", script], input: input, timeout: .seconds(120)))
        #expect(result.exitCode == 0)
        #expect(result.stdout == input)
        #expect(result.stderr.count == 4_000_000)
    }
}
