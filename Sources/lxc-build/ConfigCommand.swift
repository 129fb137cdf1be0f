import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation

/// `lxc-build config`: the settings a container would be created with, and the app defaults files.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show, save and compare container settings (var_* variables and .vars files).",
        discussion: """
            Precedence, highest first: --set > environment var_* > app defaults file > global default.vars > \
            the app's declared defaults > built-in defaults. The mode decides which files take part: default \
            and generated none, mydefaults the global file, appdefaults and advanced both.
            Files live under /usr/local/community-scripts [environment: LXC_BUILD_DEFAULTS_DIR].
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

    /// The mode from `--mode`, else the `mode`/`MODE` environment variable, else `fallback`.
    func installMode(environment: [String: String], fallback: InstallMode) throws(ConfigError) -> InstallMode {
        guard let mode else { return try InstallMode.fromEnvironment(environment) ?? fallback }
        guard let parsed = InstallMode(spelling: mode) else {
            throw ConfigError(code: .invalidMode, message: "--mode \(mode) does not exist; accepted: "
                                  + InstallMode.allCases.map(\.rawValue).joined(separator: ", ") + " (or 1-4)")
        }
        return parsed
    }

    /// Resolves the settings for `appName` from this process's environment and files. A base OS declares its
    /// OS and version as `create` sees them (ContainerKit's ``AppCatalog``), so both show the same values.
    func resolve(appName: String?, fallback: InstallMode, loader: ConfigLoader) throws(ConfigError)
        -> ResolvedConfiguration {
        let app = try appName.map { name throws(ConfigError) in
            if let base = try? AppCatalog(directory: nil).definition(for: name), base.isBaseOS { return try base.profile() }
            return try AppProfile(name: name)
        }
        let mode = try installMode(environment: loader.environment, fallback: fallback)
        return try loader.resolve(mode: mode, app: app, commandLine: settings, unset: unset)
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
