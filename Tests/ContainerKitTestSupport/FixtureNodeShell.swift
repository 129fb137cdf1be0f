public import ContainerKit
public import LXCBuildTestSupport

/// A node shell whose node is a HostProbe fixture tree: the snapshot program runs through `inner` (a real shell)
/// with the tree as its `/` and the tree's stub commands as its `PATH`; every other command runs unchanged.
public struct FixtureNodeShell: NodeShell {
    /// The shell that runs every command.
    public let inner: any NodeShell
    /// The fixture tree the snapshot program reads as the node.
    public let tree: FixtureNodeTree
    public var name: String { inner.name }
    public var configLayout: ContainerConfigLayout { inner.configLayout }

    /// A shell running through `inner` that shows the snapshot program `tree` as the node.
    public init(inner: any NodeShell, tree: FixtureNodeTree) {
        self.inner = inner
        self.tree = tree
    }

    public func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        guard command.arguments.starts(with: ["perl", "-"]) else { return try await inner.run(command) }
        var rooted = command
        rooted.arguments = ["/usr/bin/perl"] + command.arguments.dropFirst() + [tree.root]
        rooted.environment["PATH"] = tree.bin
        return try await inner.run(rooted)
    }
}
