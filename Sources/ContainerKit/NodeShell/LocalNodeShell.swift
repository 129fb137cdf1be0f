/// The node is this machine: commands run as child processes (lxc-build runs as root on the node).
public struct LocalNodeShell: NodeShell {
    /// Where this node keeps container configs.
    public let configLayout: ContainerConfigLayout

    /// A shell on this machine; `configLayout` `.automatic` looks for `/etc/pve/lxc`.
    public init(configLayout: ContainerConfigLayout = .automatic) {
        self.configLayout = configLayout
    }

    /// How this shell is named in messages.
    public var name: String { "local" }

    /// Runs the command with only `PATH`, `LANG=C` and the command's own variables in its environment.
    public func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        guard let program = command.arguments.first else { throw NodeShellError(.invalidArgument, "empty command") }
        for name in command.environment.keys where !ShellQuoting.isVariableName(name) {
            throw NodeShellError(.invalidArgument, "'\(name)' is not a valid variable name")
        }
        var environment = ["PATH": ProcessRunner.searchPath, "LANG": "C", "HOME": "/root"]
        environment.merge(command.environment) { _, new in new }
        return try await ProcessRunner.run(
            program, Array(command.arguments.dropFirst()), environment: environment, input: command.input, timeout: command.timeout,
            outputLimit: command.outputLimit, longOutput: command.longOutput)
    }
}
