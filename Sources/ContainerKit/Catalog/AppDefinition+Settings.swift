public import ConfigResolution

extension AppDefinition {
    /// The settings for this app as `create` resolves them: its declared defaults and own keys
    /// (``profile()``) under the layers `mode` reads, with the command line's assignments and unsets on top.
    /// - Parameters:
    ///   - definition: The app's definition, or `nil` without an app.
    ///   - mode: The install mode (`InstallMode.chosen(flag:environment:fallback:)`).
    ///   - loader: Reads the environment and the `.vars` files.
    ///   - commandLine: `KEY=VALUE` assignments (`--set`).
    ///   - unset: Settings to leave unset (`--unset`).
    /// - Throws: `ConfigError` when the app's declarations or a value are refused.
    public static func resolve(_ definition: AppDefinition?, mode: InstallMode, loader: ConfigLoader, commandLine: [String] = [],
                               unset: [String] = []) throws(ConfigError) -> ResolvedConfiguration {
        let app = try definition.map { app throws(ConfigError) in try app.profile() }
        return try loader.resolve(mode: mode, app: app, commandLine: commandLine, unset: unset)
    }

    /// The app script's `var_arm64` (a build.func control, not a setting): `yes` or `no`, with the script line that
    /// says it (`app-script:PATH:LINE`, or `app` for a built-in definition); `nil` when the script says nothing.
    public var arm64Control: ConfigReport.Setting? {
        guard let supportsARM64 else { return nil }
        let source = scriptPath.map { path in "app-script:\(path):\(declarationLines["var_arm64"] ?? 0)" } ?? "app"
        return ConfigReport.Setting(value: supportsARM64 ? "yes" : "no", source: source)
    }
}

extension ConfigReport {
    /// The report `config show --json` prints for `resolved`, the settings of the app `definition` describes: its
    /// script's warnings first (``CatalogSource/warnings(of:)``), its controls (``AppDefinition/arm64Control``) and
    /// which definition was read (``AppDefinition/origin``).
    /// - Parameters:
    ///   - resolved: The resolved settings.
    ///   - definition: The app's definition, or `nil` without an app.
    public init(resolved: ResolvedConfiguration, definition: AppDefinition?) {
        self.init(resolved: resolved, scriptWarnings: definition.map(CatalogSource.warnings(of:)) ?? [],
                  controls: definition?.arm64Control.map { ["var_arm64": $0] } ?? [:], definition: definition?.origin)
    }
}
