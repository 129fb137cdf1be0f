import ArgumentParser
import ConfigResolution
import ContainerKit

/// `lxc-build config diff APP`: exits 0 when the file already holds these settings, 1 when they differ (as diff(1)
/// does), and with the error's code when the settings cannot be read.
struct ConfigDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the app's defaults file with the settings `config save` would write (exit 1 when they differ, as diff does)."
    )

    @OptionGroup var arguments: AppDefaultsArguments

    func run() async throws {
        let differs = try await arguments.withResolved { loader, resolved throws(ConfigError) in
            let diff = try loader.appDefaultsDiff(for: resolved)
            if arguments.json {
                ResultRendering.emitJSON(ConfigDiffReport(diff: diff))
            } else {
                TerminalOutput.shared.line(diff.description)
            }
            return diff.hasDifferences
        }
        if differs { throw ExitCode(1) }
    }
}
