import ArgumentParser
import ContainerKit
import Glibc

/// The process: its signal dispositions and exit-time cleanup, then the command line. Every way it ends goes
/// through ``ProcessEnd``.
@main
enum LXCBuildMain {
    static func main() async {
        // A write to a closed pipe fails with EPIPE instead of killing the process: `TerminalOutput` notices
        // it and `create` cleans up before it ends (exit 141).
        signal(SIGPIPE, SIG_IGN)
        // ProcessEnd removes the temporary folders on every path it ends; this covers an exit(3) from a library.
        atexit(removeTemporaryFolders)
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `--version` alone is answered before the argument parser: building its command tree (reflection over
        // every command's options) is a third of the start-up's instructions. The parser prints the same line.
        if arguments == ["--version"] {
            TerminalOutput.shared.line(BuildVersion.line)
            ProcessEnd.exit(0)
        }
        let json = arguments.contains("--json")
        var command: any ParsableCommand
        do {
            command = try LXCBuild.parseAsRoot(arguments)
        } catch {
            LXCBuild.end(with: error, json: json)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            ProcessEnd.exit(withError: error)
        } catch where error is CleanExit || LXCBuild.exitCode(for: error) == .success {
            // Help asked for (`lxc-build create --help`, `lxc-build config`): printed as the parser prints it.
            ProcessEnd.exit(withError: error)
        } catch {
            // A failure no command reported itself: the same report as every other failure.
            let failure = BuildError.fromCommandLine(error)
            ResultRendering.report(failure, json: json)
            ProcessEnd.exit(failure.exitCode)
        }
        ProcessEnd.exit(0)
    }
}

extension LXCBuild {
    /// Ends the process for an error of the argument parser: help and version as the parser prints them; an
    /// argument error as a usage error (64) with the parser's message, and with `--json` as the one JSON document
    /// on stdout every failure prints.
    static func end(with error: any Error, json: Bool) -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let code = BuildExitCode(rawValue: exitCode(for: error).rawValue)
        if error is ExitCode || error is CleanExit || (!json && code.isSuccess) { ProcessEnd.exit(withError: error) }
        if !json {
            TerminalOutput.shared.line(usageReport(for: error, arguments: arguments), to: .errors)
            ProcessEnd.exit(code)
        }
        let failure = BuildError(exitCode: code.isSuccess ? .usage : code,
                                 message: unknownCommand(in: arguments) ?? message(for: error),
                                 hint: "`lxc-build help` and `lxc-build COMMAND --help` list the arguments.")
        ResultRendering.report(failure, json: true)
        ProcessEnd.exit(failure.exitCode)
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
        discussion: """
            On a node, as root, lxc-build uses pvesh. From another machine it uses the API: PROXMOX_VE_ENDPOINT \
            (https://HOST:8006) with PROXMOX_VE_API_TOKEN (USER@REALM!TOKENID=SECRET) or PROXMOX_VE_USERNAME and \
            PROXMOX_VE_PASSWORD (PROXMOX_VE_OTP for two-factor), trusting the node's certificate through \
            PROXMOX_VE_FINGERPRINT or PROXMOX_VE_CA_FILE; PROXMOX_VE_NODE is the default --node. `lxc-build plan APP` \
            shows what `create APP` would do and changes nothing. Docs/connecting.md has the details.
            """,
        version: BuildVersion.line,
        subcommands: [
            CreateCommand.self, PlanCommand.self, ApplyCommand.self, InspectCommand.self, DestroyCommand.self, NodesCommand.self, StorageCommand.self,
            TemplatesCommand.self, ProbeCommand.self, ConfigCommand.self, ExplainExitCommand.self, CompletionsCommand.self,
            ListCommand.self, UpdateCommand.self, HealthCommand.self, BackupCommand.self, BackupsCommand.self, RestoreCommand.self,
            ScheduleCommand.self, ExportCommand.self,
        ]
    )
}
