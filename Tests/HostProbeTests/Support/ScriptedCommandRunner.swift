import Foundation
import HostProbe
import Testing

/// A command runner that answers from a script and fails the running test on any command the
/// script does not mention. It records every command it was asked to run.
final class ScriptedCommandRunner: CommandRunner, @unchecked Sendable {
    private let script: [[String]: RecordedCommandRunner.Reply]
    private let lock = NSLock()
    private var calls: [[String]] = []

    init(_ script: [[String]: RecordedCommandRunner.Reply]) {
        self.script = script
    }

    /// The commands run so far, in order.
    var commands: [[String]] { lock.withLock { calls } }

    func run(_ argv: [String], timeout: Duration) async throws(ProbeError) -> CommandResult {
        lock.withLock { calls.append(argv) }
        let reply = script[argv]
        if reply == nil { Issue.record("unexpected command: \(argv.joined(separator: " "))") }
        return try RecordedCommandRunner.replay(reply, for: argv, timeout: timeout, source: "the test script")
    }
}

extension RecordedCommandRunner.Reply {
    /// A command that printed `stdout` and exited with `status`.
    static func output(_ argv: [String], _ stdout: String, status: Int32 = 0) -> Self {
        .result(CommandResult(argv: argv, exitStatus: .exited(status), stdout: stdout))
    }
}
