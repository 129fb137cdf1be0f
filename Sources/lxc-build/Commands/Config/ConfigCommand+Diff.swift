import ArgumentParser
import ConfigResolution

/// `lxc-build config diff APP`.
struct ConfigDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the app's defaults file with the settings `config save` would write."
    )

    @OptionGroup var arguments: AppDefaultsArguments

    func run() async throws {
        try await arguments.withResolved { loader, resolved throws(ConfigError) in
            let diff = try loader.appDefaultsDiff(for: resolved)
            if arguments.json {
                ResultRendering.emitJSON(diff.jsonObject)
            } else {
                TerminalOutput.shared.line(diff.description)
            }
        }
    }
}
