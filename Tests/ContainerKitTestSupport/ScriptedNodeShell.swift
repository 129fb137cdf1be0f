public import ContainerKit
import Foundation
import Synchronization

/// A node shell that answers every command with success, except install scripts (`bash -c`), which fail
/// the first `failures` times; it records the environment each install got.
public final class ScriptedNodeShell: NodeShell {
    public let configLayout = ContainerConfigLayout.plainLXC
    public var name: String { "scripted" }
    private let state: Mutex<(failures: Int, installs: [[String: String]])>

    /// A shell whose first `failures` install scripts fail with exit 1.
    public init(failures: Int) { state = Mutex((failures, [])) }

    /// The environment of each install script run so far, in order.
    public var installs: [[String: String]] { state.withLock { $0.installs } }

    public func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        guard command.arguments.contains("bash"), command.arguments.contains("-c") else {
            if command.arguments.contains(where: { $0.contains("[ -f \"$1\" ] || exit 3") }) { return CommandResult(exitCode: 3) }
            return CommandResult(exitCode: command.arguments.first == "test" ? 1 : 0)
        }
        return state.withLock { state in
            state.installs.append(command.environment)
            guard state.failures > 0 else { return CommandResult(exitCode: 0) }
            state.failures -= 1
            return CommandResult(exitCode: 1, stdout: Data("E: broken\n".utf8))
        }
    }
}
