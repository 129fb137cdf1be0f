import ArgumentParser

/// The `lxc-build` command line.
@main
struct LXCBuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lxc-build",
        abstract: "Create and configure LXC containers on Proxmox VE.",
        subcommands: [ProbeCommand.self]
    )
}
