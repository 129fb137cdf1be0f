import ArgumentParser
import ConfigResolution
import ContainerKit

/// The app and options of `config save` and `config diff`.
struct AppDefaultsArguments: ParsableArguments {
    @Argument(help: "The app (its defaults file is defaults/<app>.vars).")
    var app: String

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// Resolves in advanced mode unless `--mode` says otherwise, prints the warnings, and hands the loader and
    /// settings to `body`; a ``ConfigError`` is reported and becomes the failure exit code.
    func withResolved(_ body: (ConfigLoader, ResolvedConfiguration) throws(ConfigError) -> Void) throws {
        let loader = ConfigLoader()
        do throws(ConfigError) {
            let resolved = try options.resolve(appName: app, fallback: .advanced, loader: loader)
            for warning in resolved.warnings { printError("warning: \(warning)") }
            try body(loader, resolved)
        } catch {
            guard json else { throw error.report() }
            for warning in error.warnings { printError("warning: \(warning)") }
            ResultRendering.report(BuildError.from(error), json: true, extra: ["app": app])
            throw ExitCode(error.exitCode)
        }
    }
}

/// `lxc-build config save APP`.
struct ConfigSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the resolved settings as the app's defaults file (defaults/<app>.vars).",
        discussion: "Resolves in advanced mode unless --mode says otherwise, so --set changes only the keys given. "
            + "The file is replaced atomically, with mode 0600 when it holds a password or token."
    )

    @OptionGroup var arguments: AppDefaultsArguments

    func run() throws {
        try arguments.withResolved { loader, resolved throws(ConfigError) in
            let result = try loader.saveAppDefaults(resolved)
            let mode = String(result.permissions, radix: 8)
            if arguments.json {
                ResultRendering.emitJSON(["path": result.path, "saved": result.didWrite, "mode": "0\(mode)", "diff": result.diff.jsonObject])
                return
            }
            TerminalOutput.shared.line(result.diff.description)
            TerminalOutput.shared.line(result.didWrite ? "Saved \(result.path) (mode 0\(mode))" : "No changes; \(result.path) left as is")
        }
    }
}
