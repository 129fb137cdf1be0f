/// The value an app-specific key (``AppProfile/appKeys``) ended up with, and where it came from.
///
/// App-specific keys are not settings: lxc-build does nothing with them on the host. Their values go unchanged
/// into the install script's environment, the only thing that reads them.
public struct AppSetting: Sendable, Hashable, CustomStringConvertible {
    /// The variable, such as `var_runner_token`.
    public let variable: String
    /// The value, or `nil` when no layer gives one (the app declares the key with an empty default).
    public let value: String?
    /// The layer that supplied the value; the app's script line when no other layer does.
    public let source: SettingSource
    /// Values of lower layers this one replaced, highest first.
    public let overridden: [LayerValue]

    /// Whether the name looks like a secret (``ConfigKey/looksSecret(_:)``): the value is then masked.
    public var isSecret: Bool {
        ConfigKey.looksSecret(variable)
    }

    /// The value for display: empty when unset, ``ConfigKey/secretMask`` for a secret-looking name.
    public var displayValue: String {
        ConfigKey.displayText(value ?? "", forVariable: variable)
    }

    /// `var_version_pin=1.2 (flag)`, secrets masked.
    public var description: String {
        "\(variable)=\(displayValue) (\(source))"
    }

    /// Resolves every key the app declares over `layers` (highest layer wins), by variable name.
    static func resolve(_ app: AppProfile?, layers: [ConfigLayer]) -> [AppSetting] {
        guard let app else { return [] }
        let ordered = layers.sorted { $0.kind > $1.kind }
        return app.appKeys.keys.sorted().map { variable in
            let supplied = ordered.compactMap { $0.appValues[variable] }
            guard let winner = supplied.first else {
                return AppSetting(variable: variable, value: nil, source: app.source(of: variable), overridden: [])
            }
            return AppSetting(variable: variable, value: winner.value.canonicalText, source: winner.source,
                              overridden: Array(supplied.dropFirst()))
        }
    }
}
