/// A value that failed its key's rule: names the key, the value (secrets masked), where it came from and what
/// would be accepted.
public struct ValueRejection: Sendable, Hashable, CustomStringConvertible {
    /// The variable as written (a known key or not).
    public let variable: String
    /// The offending value as it may be shown: ``ConfigKey/secretMask`` for secrets, shortened when very long.
    public let displayedValue: String
    /// Where the value came from.
    public let source: SettingSource
    /// Why it failed, in words.
    public let reason: String
    /// What the key accepts.
    public let accepted: String

    /// A rejection of `value` for `variable`; masks the value when `variable` names a secret key.
    public init(variable: String, value: String, source: SettingSource, reason: String, accepted: String) {
        self.variable = variable
        self.displayedValue = Self.display(value, for: variable)
        self.source = source
        self.reason = reason
        self.accepted = accepted
    }

    /// `var_cpu="abc" (env): not a whole number; accepted: an integer from 1 to 128`.
    public var description: String {
        "\(variable)=\"\(displayedValue)\" (\(source)): \(reason); accepted: \(accepted)"
    }

    static let displayLimit = 80

    /// The value as it may appear in a message: masked for secrets (a URL's user information for the keys that
    /// may hold one), control characters escaped, shortened.
    static func display(_ value: String, for variable: String) -> String {
        let key = ConfigKey(variableName: variable)
        if let key, key.isSecret {
            return key.displayText(value)
        }
        if ConfigKey.isAppSpecificName(variable), ConfigKey.looksSecret(variable) {
            return ConfigKey.displayText(value, forVariable: variable)
        }
        let visible = key?.mayHoldURLCredentials == true ? ConfigKey.maskingUserinfo(value) : value
        var shown = ""
        for scalar in visible.unicodeScalars.prefix(displayLimit) {
            shown += scalar.properties.generalCategory == .control
                ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return visible.unicodeScalars.count > displayLimit ? shown + "…" : shown
    }
}
