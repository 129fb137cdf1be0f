import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation

/// The app and options of `config save` and `config diff`.
struct AppDefaultsArguments: ParsableArguments {
    @Argument(help: "A base OS or an app of the catalog (its defaults file is defaults/<app>.vars).")
    var app: String

    @OptionGroup var options: ConfigOptions
    @OptionGroup var catalog: CatalogOption

    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    /// Reads the app as `create` does (see ``CatalogOption``), resolves in advanced mode unless `--mode` says
    /// otherwise, prints the warnings, and hands the loader and settings to `body`; a ``ConfigError`` or a
    /// catalog's ``BuildError`` is reported and becomes the failure exit code.
    @discardableResult
    func withResolved<Result>(_ body: (ConfigLoader, ResolvedConfiguration) throws(ConfigError) -> Result) async throws -> Result {
        let environment = ProcessInfo.processInfo.environment
        let definition: AppDefinition?
        do {
            definition = try await catalog.definition(for: app, environment: environment)
        } catch {
            throw BuildError.fromCommandLine(error).reportForConfig(app: app, json: json)
        }
        let loader = ConfigLoader(environment: environment)
        do throws(ConfigError) {
            let resolved = try options.resolve(app: definition, fallback: .advanced, loader: loader)
            for warning in definition.map(CatalogSource.warnings(of:)) ?? [] { printError("warning: \(warning)") }
            for warning in resolved.warnings { printError("warning: \(warning)") }
            return try body(loader, resolved)
        } catch {
            guard json else { throw error.report() }
            for warning in error.warnings { printError("warning: \(warning)") }
            ResultRendering.report(BuildError.from(error), json: true, app: app)
            throw ExitCode(error.exitCode)
        }
    }
}

/// `lxc-build config save APP`.
struct ConfigSaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the resolved settings as the app's defaults file (defaults/<app>.vars).",
        discussion: "Resolves in advanced mode unless --mode says otherwise, so --set changes only the keys given. "
            + "The file is replaced atomically, with mode 0600 when it holds a password or token."
    )

    @OptionGroup var arguments: AppDefaultsArguments

    func run() async throws {
        try await arguments.withResolved { loader, resolved throws(ConfigError) in
            let result = try loader.saveAppDefaults(resolved)
            let mode = String(result.permissions, radix: 8)
            if arguments.json {
                ResultRendering.emitJSON(ConfigSaveReport(result: result))
                return
            }
            TerminalOutput.shared.line(result.diff.description)
            TerminalOutput.shared.line(result.didWrite ? "Saved \(result.path) (mode 0\(mode))" : "No changes; \(result.path) left as is")
        }
    }
}
