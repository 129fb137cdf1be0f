public import ContainerKit
import Synchronization

/// A node shell that records each command with its stdin, and runs it through another shell or answers success.
public final class RecordingNodeShell: NodeShell {
    /// The shell that runs the commands; without one, `test` fails and every other command succeeds with no output.
    public let inner: (any NodeShell)?
    private let log = Mutex<[NodeCommand]>([])
    /// The commands run so far, in order.
    public var commands: [NodeCommand] { log.withLock { $0 } }

    /// A shell that records, then hands each command to `inner` (or answers itself when `inner` is `nil`).
    public init(passingTo inner: (any NodeShell)? = nil) {
        self.inner = inner
    }

    public var name: String { inner?.name ?? "recording" }
    public var configLayout: ContainerConfigLayout { inner?.configLayout ?? .plainLXC }

    public func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        log.withLock { $0.append(command) }
        guard let inner else { return CommandResult(exitCode: command.arguments.first == "test" ? 1 : 0) }
        return try await inner.run(command)
    }
}
