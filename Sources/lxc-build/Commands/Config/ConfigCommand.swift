import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation

/// `lxc-build config`: the settings a container would be created with, and the app defaults files.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show, save and compare container settings (var_* variables and .vars files).",
        discussion: """
            Precedence, highest first: --set > environment var_* > app defaults file > global default.vars > \
            the app's declared defaults > built-in defaults. The mode decides which files take part: default \
            and generated none, mydefaults the global file, appdefaults and advanced both.
            Files live under /usr/local/community-scripts [environment: LXC_BUILD_DEFAULTS_DIR].
            An app that is not a base OS is read from its catalog script (ct/<app>.sh, --catalog or \
            community-scripts' repository), as create reads it: its values show as app-script:<path>:<line>, \
            and the keys it declares for itself (var_runner_token...) are shown, masked when they look secret.
            """,
        subcommands: [ConfigShowCommand.self, ConfigSaveCommand.self, ConfigDiffCommand.self]
    )
}

/// Options shared by the `config` subcommands.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Install mode: default, advanced, mydefaults, appdefaults or generated (or 1-4). [environment: mode]",
            completion: .list(InstallMode.allCases.map(\.rawValue)))
    var mode: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A setting, KEY=VALUE; KEY may leave out var_. Repeatable.",
                                                          valueName: "KEY=VALUE"),
            completion: .list(ConfigKey.allCases.map { $0.variableName + "=" }))
    var settings: [String] = []

    @Option(name: .customLong("unset"), help: ArgumentHelp(
        "A setting to leave unset whatever the environment or the .vars files say (KEY may leave out var_). Repeatable.",
        valueName: "KEY"), completion: .list(ConfigKey.allCases.map(\.variableName)))
    var unset: [String] = []

    /// The mode from `--mode`, else the `mode`/`MODE` environment variable, else `fallback`
    /// (``InstallMode/chosen(flag:environment:fallback:)``).
    func installMode(environment: [String: String], fallback: InstallMode) throws(ConfigError) -> InstallMode {
        try InstallMode.chosen(flag: mode, environment: environment, fallback: fallback)
    }

    /// Resolves the settings for the app `definition` describes (see ``CatalogOption/definition(for:environment:)``)
    /// from this process's environment and files, with the app's layer as `create` reads it.
    func resolve(app definition: AppDefinition?, fallback: InstallMode, loader: ConfigLoader) throws(ConfigError)
        -> ResolvedConfiguration {
        let mode = try installMode(environment: loader.environment, fallback: fallback)
        return try AppDefinition.resolve(definition, mode: mode, loader: loader, commandLine: settings, unset: unset)
    }
}

extension CatalogOption {
    /// The definition of `name` as `create` reads it: a base OS, or the catalog's `ct/<app>.sh` (``catalog``, or
    /// community-scripts' catalog for an app that is not a base OS); `nil` without an app.
    /// - Throws: ``BuildError`` when the catalog cannot be read, has no such app, or the app is retired.
    func definition(for name: String?, environment: [String: String]) async throws -> AppDefinition? {
        guard let name else { return nil }
        return try await CatalogSource(catalog: catalog, environment: environment).definition(for: name) { TemporaryFolders.shared.add($0.path) }
    }
}

extension BuildError {
    /// Prints the message (and hint) to standard error, or `{"app","mode","warnings","errors"}` as JSON, and
    /// gives the exit code; for the `config` commands, whose app could not be read.
    func reportForConfig(app: String?, json: Bool) -> ExitCode {
        if json {
            ResultRendering.emitJSON(ConfigFailureReport(error: self, app: app))
        }
        printError("error: \(description)\n  exit code \(exitCode): \(explanation)")
        return ExitCode(exitCode)
    }
}

/// Writes text to standard error.
func printError(_ text: String) {
    TerminalOutput.shared.line(text, to: .errors)
}

extension ConfigError {
    /// Prints the gathered warnings and the message to standard error, and gives the failure exit code.
    func report() -> ExitCode {
        for warning in warnings { printError("warning: \(warning)") }
        printError("error: \(message)")
        return ExitCode(exitCode)
    }
}
