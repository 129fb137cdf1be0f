/// The app being installed, with the defaults its script declares.
///
/// The declared cpu, ram and disk are recommendations: a lower value from the user wins, with a warning.
public struct AppProfile: Sendable, Hashable {
    /// The display name, such as `Home Assistant`.
    public let name: String
    /// build.func's `NSAPP`: the name lowercased with spaces removed; names the app defaults file.
    public let identifier: String
    /// The values the app's script sets, as text; validated during resolution.
    public let declaredDefaults: [ConfigKey: String]
    /// The app's own `var_*` variables (not settings, not build.func's controls), such as `var_runner_token`,
    /// with the default the script declares (may be empty). Only these names are accepted as app-specific keys
    /// from the other layers; they reach the install script's environment and nothing host-side.
    public let appKeys: [String: String]
    /// The script the defaults were read from (`ct/<app>.sh`), for provenance; `nil` when not known.
    public let scriptPath: String?
    /// The line of ``scriptPath`` declaring each variable (settings and app-specific keys, by variable name).
    public let declarationLines: [String: Int]

    /// An app named `name`.
    /// - Throws: ``ConfigError/Code/invalidApp`` when the name cannot name a file safely (after lowercasing and
    ///   removing spaces it must be letters, digits, `.`, `_` or `-`, start with a letter or digit).
    public init(name: String, declaredDefaults: [ConfigKey: String] = [:], appKeys: [String: String] = [:],
                scriptPath: String? = nil, declarationLines: [String: Int] = [:]) throws(ConfigError) {
        let identifier = name.lowercased().filter { $0 != " " }
        guard identifier.wholeMatch(of: #/[a-z0-9][a-z0-9._-]{0,63}/#) != nil else {
            throw ConfigError(
                code: .invalidApp,
                message: "app name \"\(ValueRejection.display(name, for: "app"))\" is not valid; accepted: "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64")
        }
        self.name = name
        self.identifier = identifier
        self.declaredDefaults = declaredDefaults
        self.appKeys = appKeys.filter { ConfigKey.isAppSpecificName($0.key) }
        self.scriptPath = scriptPath
        self.declarationLines = declarationLines
    }

    /// Where the script declares `variable`: `app-script:<path>:<line>` when known, else `app`.
    public func source(of variable: String) -> SettingSource {
        guard let scriptPath, let line = declarationLines[variable] else { return .app }
        return .appScript(path: scriptPath, line: line)
    }
}
