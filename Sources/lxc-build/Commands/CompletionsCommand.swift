import ArgumentParser
import ContainerKit

/// `lxc-build completions bash|zsh|fish`: the shell completion script.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print the completion script for a shell.",
        discussion: "bash: lxc-build completions bash > /etc/bash_completion.d/lxc-build"
    )

    @Argument(help: "bash, zsh or fish.", completion: .list(["bash", "zsh", "fish"])) var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else { throw ValidationError("'\(shell)' is not a shell lxc-build knows: bash, zsh or fish") }
    }

    func run() throws {
        guard let shell = CompletionShell(rawValue: shell) else { throw ExitCode(BuildExitCode.usage) }
        TerminalOutput.shared.line(LXCBuild.completionScript(for: shell))
    }
}
