/// The value a key ended up with, where it came from, and what it overrode.
public struct ResolvedSetting: Sendable, Hashable, CustomStringConvertible {
    /// The key.
    public let key: ConfigKey
    /// The value, or `nil` when no layer sets the key (see the key's ``ConfigKey/summary`` for what unset means).
    public let value: SettingValue?
    /// The layer that supplied the value; ``SettingSource/builtIn`` for an unset key.
    public let source: SettingSource
    /// Values of lower layers this one replaced, highest first.
    public let overridden: [LayerValue]
    /// Whether a layer explicitly unset the key (`--unset`, a value cleared in the wizard): ``value`` is then
    /// `nil`, ``source`` says who unset it, and ``overridden`` lists the values it removed.
    public let isCleared: Bool

    init(key: ConfigKey, value: SettingValue?, source: SettingSource, overridden: [LayerValue], isCleared: Bool = false) {
        self.key = key
        self.value = value
        self.source = source
        self.overridden = overridden
        self.isCleared = isCleared
    }

    /// The value as text for display: empty when unset, ``ConfigKey/secretMask`` for a secret.
    public var displayValue: String {
        key.displayText(value?.canonicalText ?? "")
    }

    /// `var_cpu=2 (env)`, secrets masked; `var_mtu= (flag, unset)` for an explicitly unset key.
    public var description: String {
        "\(key.variableName)=\(displayValue) (\(source)\(isCleared ? ", unset" : ""))"
    }
}

/// Every setting resolved for one install mode and app, with provenance and warnings.
///
/// Precedence, highest first: command line > environment > app defaults file > global `default.vars` > the
/// app's declared defaults > built-in defaults; the install mode decides which files take part.
public struct ResolvedConfiguration: Sendable, Hashable {
    /// The install mode resolved for.
    public let mode: InstallMode
    /// The app resolved for, if any.
    public let app: AppProfile?
    /// One entry per key in `ConfigKey.allCases` order.
    public let settings: [ResolvedSetting]
    /// Everything worth telling the user; secrets masked.
    public let warnings: [ConfigWarning]
    /// The app's own keys (``AppProfile/appKeys``), sorted by name: values for the install script only.
    public let appSettings: [AppSetting]

    /// The app-specific keys that have a value, as the install script's environment receives them.
    public var appEnvironment: [String: String] {
        Dictionary(uniqueKeysWithValues: appSettings.compactMap { setting in setting.value.map { (setting.variable, $0) } })
    }

    /// The resolved setting of `key`.
    public subscript(key: ConfigKey) -> ResolvedSetting {
        // `settings` holds every key in declaration order.
        settings[ConfigKey.allCases.firstIndex(of: key) ?? 0]
    }

    /// The typed value of `key`, or `nil` when unset.
    public func value(_ key: ConfigKey) -> SettingValue? {
        self[key].value
    }

    /// The canonical text of `key` (never masked; for passing on, not for display), or `nil` when unset.
    public func text(_ key: ConfigKey) -> String? {
        value(key)?.canonicalText
    }

    /// The number of an integer key (`var_cpu`, `var_ram`, `var_disk`, `var_mtu`, `var_vlan`, `var_ctid`).
    public func integer(_ key: ConfigKey) -> Int? {
        value(key)?.integerValue
    }

    /// The state of a switch (`var_ssh`, `var_nesting`…).
    public func isEnabled(_ key: ConfigKey) -> Bool? {
        value(key)?.flagValue
    }

    /// The items of a list (`var_tags`, `var_mount_fs`, `var_ns`…).
    public func list(_ key: ConfigKey) -> [String]? {
        value(key)?.listValue
    }

    /// The IPv4 configuration (`var_net`).
    public var network: NetworkSetting? {
        value(.net)?.networkValue
    }
}
