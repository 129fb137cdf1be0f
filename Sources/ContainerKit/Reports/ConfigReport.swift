public import ConfigResolution

/// What `config show --json` prints: every setting with its value (secrets masked) and where it came from, the
/// app's own keys, and the warnings.
public struct ConfigReport: Codable, Sendable, Equatable {
    /// The app, `null` without one.
    @ExplicitNull public var app: String?
    /// The app's definition read: `built-in` (a base OS without a catalog, as community-scripts' `ct/<os>.sh`
    /// declares it) or the catalog script's path; `null` without an app.
    @ExplicitNull public var definition: String?
    /// The install mode (`InstallMode`).
    public var mode: String
    /// Each `var_*` setting, by variable name.
    public var settings: [String: Setting]
    /// The app's own keys (for its install script only), by variable name.
    public var appKeys: [String: Setting]
    /// The app script's controls (build.func variables that are no setting: `var_arm64`, `yes` or `no`), by variable
    /// name; empty when the script gives none.
    public var controls: [String: Setting]
    /// The lines of the app's script not taken, then the resolution's warnings.
    public var warnings: [String]

    /// The report of `resolved`; `scriptWarnings` (lines of the app's script not taken) come first among the warnings;
    /// `controls` are the app script's controls; `definition` is the app definition's ``AppDefinition/origin``.
    public init(resolved: ResolvedConfiguration, scriptWarnings: [String] = [], controls: [String: Setting] = [:], definition: String? = nil) {
        app = resolved.app?.identifier
        self.definition = definition
        mode = resolved.mode.rawValue
        settings = Dictionary(resolved.settings.map { setting in
            (setting.key.variableName, Setting(value: setting.value == nil ? nil : setting.displayValue, source: setting.source.description,
                                               unset: setting.isCleared ? true : nil))
        }, uniquingKeysWith: { $1 })
        appKeys = Dictionary(resolved.appSettings.map { setting in
            (setting.variable, Setting(value: setting.value == nil ? nil : setting.displayValue, source: setting.source.description, unset: nil))
        }, uniquingKeysWith: { $1 })
        self.controls = controls
        warnings = scriptWarnings + resolved.warnings.map(\.message)
    }

    /// One setting: its value as shown (a secret masked), `null` when unset, and its source.
    public struct Setting: Codable, Sendable, Equatable {
        /// The value as shown, a secret masked; `null` when no layer sets it.
        @ExplicitNull public var value: String?
        /// Where the value came from (`env`, `flag`, `app-script:<path>:<line>`...).
        public var source: String
        /// `true` when the key was explicitly unset (`--unset`); left out otherwise.
        public var unset: Bool?

        /// Makes a setting.
        public init(value: String?, source: String, unset: Bool? = nil) {
            self.value = value
            self.source = source
            self.unset = unset
        }
    }
}

/// What the `config` commands print with `--json` when the settings cannot be resolved or the app cannot be
/// read: the warnings gathered, the errors instead of the settings, and the failure as every command prints it.
public struct ConfigFailureReport: Codable, Sendable, Equatable {
    /// The app given, `null` without one.
    @ExplicitNull public var app: String?
    /// The install mode given, `null` when none was or it was not reached.
    @ExplicitNull public var mode: String?
    /// The warnings gathered before the failure.
    public var warnings: [String]
    /// Each rejected value, or the one error.
    public var errors: [String]
    /// Always `failed`.
    public var status: String
    /// The failure, as every command's `--json` prints it.
    public var error: ErrorReport

    /// The report of a resolution that failed with `error`, for `app` and `mode` as given.
    public init(error: ConfigError, app: String?, mode: String?) {
        self.app = app
        self.mode = mode
        warnings = error.warnings.map(\.message)
        errors = error.rejections.isEmpty ? [error.message] : error.rejections.map(\.description)
        status = "failed"
        self.error = ErrorReport(BuildError(error))
    }

    /// The report of an app that could not be read (its catalog, its script), before any setting was resolved.
    public init(error: BuildError, app: String?) {
        self.app = app
        mode = nil
        warnings = []
        errors = [error.message]
        status = "failed"
        self.error = ErrorReport(error)
    }
}
