import ArgumentParser

/// The `lxc-build` command line.
@main
struct LXCBuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lxc-build",
        abstract: "Create and configure LXC containers on Proxmox VE.",
        version: "0.1.0",
        subcommands: [
            CreateCommand.self, PlanCommand.self, InspectCommand.self, DestroyCommand.self, NodesCommand.self, StorageCommand.self,
            TemplatesCommand.self, ProbeCommand.self, ConfigCommand.self, ExplainExitCommand.self, CompletionsCommand.self,
        ]
    )
}
