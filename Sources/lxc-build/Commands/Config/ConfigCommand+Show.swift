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

    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

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
                let mode = options.mode.map(InstallMode.name(ofSpelling:))
                ResultRendering.emitJSON(ConfigFailureReport(error: error, app: app, mode: mode))
            }
            for warning in scriptWarnings { printError("warning: \(warning)") }
            throw error.report()
        }
        if json {
            ResultRendering.emitJSON(ConfigReport(resolved: resolved, definition: definition))
        } else {
            TerminalOutput.shared.line(ConfigRendering.table(resolved, explain: explain))
            if let definition { TerminalOutput.shared.line(Self.definitionLine(definition)) }
            if let arm64 = definition.flatMap(Self.arm64Line) { TerminalOutput.shared.line(arm64) }
            for warning in scriptWarnings { printError("warning: \(warning)") }
            for warning in resolved.warnings { printError("warning: \(warning)") }
        }
    }
}

extension ConfigShowCommand {
    /// Which definition of the app was read: the catalog's script, or the built-in one of a base OS.
    static func definitionLine(_ definition: AppDefinition) -> String {
        guard let path = definition.scriptPath else {
            return "\nApp definition: built in (the defaults community-scripts' catalog declares for \(definition.name); "
                + "--catalog or LXC_BUILD_CATALOG reads the catalog's file instead)"
        }
        return "\nApp definition: \(path)"
    }

    /// ``AppDefinition/arm64Control`` as the text's line, with what it means.
    static func arm64Line(_ definition: AppDefinition) -> String? {
        guard let control = definition.arm64Control, let value = control.value else { return nil }
        let meaning = value == "yes" ? "the app runs on arm64" : "the app does not run on arm64: an arm64 template is refused (106)"
        return "\nThe app's controls:\nvar_arm64  \(value)  \(control.source)  (\(meaning))"
    }
}
