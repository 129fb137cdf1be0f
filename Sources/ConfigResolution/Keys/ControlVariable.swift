/// build.func's control variables that are not settings (``ConfigKey/controlVariables``), read from the
/// environment with the settings' own yes/no rule, so `var_ignore_os_mismatch=on` means what `var_tun=on` means.
public enum ControlVariable {
    /// Whether the control variable `name` is on in `environment`: `nil` when it is not set (or empty).
    /// - Throws: ``ConfigError`` (``ConfigError/Code/invalidValue``) naming the variable and its value when it is
    ///   not a yes/no value (yes, no, 1, 0, true, false, on, off).
    public static func flag(_ name: String, in environment: [String: String]) throws(ConfigError) -> Bool? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        do {
            return try SettingValidator.flag(text)
        } catch {
            let rejection = ValueRejection(variable: name, value: text, source: .environment,
                                           reason: error.reason, accepted: "yes, no, 1, 0, true, false, on, off")
            throw ConfigError(code: .invalidValue, message: rejection.description)
        }
    }
}
