public import Foundation

/// Everything a probe reads through: the host's files, its commands, the caller's environment and
/// how long any one command may take.
///
/// Production code uses the defaults. Tests pass a ``RootedFileSystem`` over a fixture tree and a
/// scripted runner; a remote node can be probed by passing seams backed by a node shell.
public struct ProbeContext: Sendable {
    /// Where host files are read.
    public var fileSystem: any FileSystem
    /// How host commands are run.
    public var runner: any CommandRunner
    /// The environment of the process asking (`SSH_CLIENT` for the ssh check).
    public var environment: [String: String]
    /// The longest any single command may run before it is given up as unknown.
    public var commandTimeout: Duration

    /// Creates a context; every argument has the production default.
    public init(
        fileSystem: any FileSystem = LocalFileSystem(),
        runner: any CommandRunner = ProcessCommandRunner(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        commandTimeout: Duration = .seconds(10)
    ) {
        self.fileSystem = fileSystem
        self.runner = runner
        self.environment = environment
        self.commandTimeout = commandTimeout
    }

    /// A context reading the tree at `root` as `/`, answering commands from its recordings
    /// (`<root>/_probe/commands`) instead of running anything on this machine.
    /// - Throws: ``ProbeError`` when `root` is not a folder or its device manifest is malformed.
    public static func rooted(at root: URL, commandTimeout: Duration = .seconds(10)) throws(ProbeError) -> ProbeContext {
        ProbeContext(
            fileSystem: try RootedFileSystem(root: root),
            runner: RecordedCommandRunner(root: root),
            environment: [:],
            commandTimeout: commandTimeout
        )
    }

    /// Runs `argv` with the context's timeout; any failure to get a result comes back as the error.
    func run(_ argv: [String]) async -> Result<CommandResult, ProbeError> {
        do {
            return .success(try await runner.run(argv, timeout: commandTimeout))
        } catch {
            return .failure(error)
        }
    }

    /// Runs `argv` and returns its output if it exited 0; otherwise records why in `unknowns`.
    func output(of argv: [String], fact: String, unknowns: inout [UnknownFact]) async -> String? {
        switch await run(argv).flatMap({ result in Result { () throws(ProbeError) in try result.checked() } }) {
        case .success(let result): return result.stdout
        case .failure(let error):
            unknowns.append(UnknownFact(fact: fact, reason: error.message))
            return nil
        }
    }
}
