import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation

/// `lxc-build config show [APP]`.
struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show every setting with its value and where it came from."
    )

    @Argument(help: "A base OS or an app of the catalog (its defaults file is defaults/<app>.vars).")
    var app: String?

    @OptionGroup var options: ConfigOptions
    @OptionGroup var catalog: CatalogOption

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Also print each setting's meaning, accepted values and the values it overrode.")
    var explain = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let definition: AppDefinition?
        do {
            definition = try await catalog.definition(for: app, environment: environment)
        } catch {
            throw BuildError.fromCommandLine(error).reportForConfig(app: app, json: json)
        }
        let scriptWarnings = definition.map(CatalogSource.warnings(of:)) ?? []
        let resolved: ResolvedConfiguration
        do throws(ConfigError) {
            resolved = try options.resolve(app: definition, fallback: .default, loader: ConfigLoader(environment: environment))
        } catch {
            if json {
                let mode = options.mode.map { InstallMode(spelling: $0)?.rawValue ?? $0 }
                ResultRendering.emitJSON(ConfigFailureReport(error: error, app: app, mode: mode))
            }
            for warning in scriptWarnings { printError("warning: \(warning)") }
            throw error.report()
        }
        if json {
            ResultRendering.emitJSON(ConfigReport(resolved: resolved, scriptWarnings: scriptWarnings))
        } else {
            TerminalOutput.shared.line(ConfigRendering.table(resolved, explain: explain))
            for warning in scriptWarnings { printError("warning: \(warning)") }
            for warning in resolved.warnings { printError("warning: \(warning)") }
        }
    }
}
