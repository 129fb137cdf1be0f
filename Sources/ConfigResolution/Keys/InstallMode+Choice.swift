extension InstallMode {
    /// The mode a command runs in: the one `flag` names (`--mode`), else the `mode`/`MODE` environment variable's
    /// (``fromEnvironment(_:)``), else `fallback`.
    /// - Parameters:
    ///   - flag: The `--mode` value as typed (`advanced`, `2`...), or `nil`.
    ///   - environment: The process environment.
    ///   - fallback: The mode without either (`default` for `config show`, `advanced` for `config save`).
    /// - Throws: ``ConfigError/Code/invalidMode`` naming `--mode` or the variable, the value and the modes accepted.
    public static func chosen(flag: String?, environment: [String: String], fallback: InstallMode) throws(ConfigError) -> InstallMode {
        guard let flag else { return try fromEnvironment(environment) ?? fallback }
        guard let mode = InstallMode(spelling: flag) else {
            throw ConfigError(code: .invalidMode, message: "--mode \(flag) does not exist; accepted: "
                                  + allCases.map(\.rawValue).joined(separator: ", ") + " (or 1-4)")
        }
        return mode
    }

    /// The mode's name for a spelling as typed (`2` is `advanced`), or the spelling itself when it names no mode.
    /// - Parameter spelling: The `--mode` value as typed.
    public static func name(ofSpelling spelling: String) -> String {
        InstallMode(spelling: spelling)?.rawValue ?? spelling
    }
}
