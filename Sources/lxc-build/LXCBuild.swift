import ArgumentParser
import Glibc

/// The process: its signal dispositions and exit-time cleanup, then the command line.
@main
enum LXCBuildMain {
    static func main() async {
        // A write to a closed pipe fails with EPIPE instead of killing the process: `TerminalOutput` notices
        // it and `create` cleans up before it ends (exit 141).
        signal(SIGPIPE, SIG_IGN)
        // The argument parser ends the process with exit(3): temporary folders go then, on every path.
        atexit(removeTemporaryFolders)
        await LXCBuild.main()
    }
}

/// Removes the process's temporary folders; nonisolated, since `exit` may run it on any thread.
private func removeTemporaryFolders() {
    TemporaryFolders.shared.removeAll()
}

/// The `lxc-build` command line.
struct LXCBuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lxc-build",
        abstract: "Create and configure LXC containers on Proxmox VE.",
        version: BuildVersion.line,
        subcommands: [
            CreateCommand.self, PlanCommand.self, InspectCommand.self, DestroyCommand.self, NodesCommand.self, StorageCommand.self,
            TemplatesCommand.self, ProbeCommand.self, ConfigCommand.self, ExplainExitCommand.self, CompletionsCommand.self,
        ]
    )
}
