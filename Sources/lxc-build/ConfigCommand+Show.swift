import ArgumentParser
import ConfigResolution
import Foundation

/// `lxc-build config show [APP]`.
struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show every setting with its value and where it came from."
    )

    @Argument(help: "The app (its defaults file is defaults/<app>.vars).")
    var app: String?

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Also print each setting's meaning, accepted values and the values it overrode.")
    var explain = false

    func run() throws {
        let resolved: ResolvedConfiguration
        do throws(ConfigError) {
            resolved = try options.resolve(appName: app, fallback: .default, loader: ConfigLoader())
        } catch {
            if json {
                let mode = options.mode.map { InstallMode(spelling: $0)?.rawValue ?? $0 }
                TerminalOutput.shared.json(try ConfigRendering.json(error: error, app: app, mode: mode))
            }
            throw error.report()
        }
        if json {
            TerminalOutput.shared.json(try ConfigRendering.json(resolved))
        } else {
            TerminalOutput.shared.line(ConfigRendering.table(resolved, explain: explain))
            for warning in resolved.warnings { printError("warning: \(warning)") }
        }
    }
}
