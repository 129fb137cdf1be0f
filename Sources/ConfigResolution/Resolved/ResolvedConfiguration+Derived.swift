/// build.func's values that follow from other settings, worked out where settings are resolved, so that
/// `config show` prints, `config save` writes and a build sends one and the same value.
///
/// A rule fills a key only when no layer above the built-ins gives it a value (an explicit `--unset` included);
/// the result's source is ``SettingSource/derived(basis:)``, naming what it follows.
public enum DerivationRule: String, Sendable, CaseIterable {
    /// `var_keyctl` follows `var_unprivileged`: `1` for an unprivileged container, `0` for a privileged one
    /// (build.func's hard-wired rule). Unlike build.func, which never sends `var_keyctl`, a value a layer sets is kept.
    case keyctlFromUnprivileged
    /// `var_hostname` is the app's identifier (build.func's `NSAPP`) when no layer names a host.
    case hostnameFromApp

    /// The key the rule fills.
    public var key: ConfigKey {
        switch self {
        case .keyctlFromUnprivileged: .keyctl
        case .hostnameFromApp: .hostname
        }
    }
}

extension ResolvedConfiguration {
    /// Applies every ``DerivationRule`` to `settings`; a derived value that fails its key's rule (an app
    /// identifier that is no host name) is a rejection.
    static func applyDerivations(_ settings: inout [ResolvedSetting], app: AppProfile?, rejections: inout [ValueRejection]) {
        for rule in DerivationRule.allCases {
            let position = index(rule.key)
            let current = settings[position]
            guard current.value == nil || current.source == .builtIn,
                  let (text, basis) = derivedText(rule, settings: settings, app: app) else { continue }
            let source = SettingSource.derived(basis: basis)
            let value: SettingValue?
            do {
                value = try SettingValidator().value(for: rule.key, from: text)
            } catch {
                rejections.append(ValueRejection(variable: rule.key.variableName, value: text, source: source,
                                                 reason: error.reason, accepted: rule.key.acceptedValues))
                continue
            }
            guard let value else { continue }
            let replaced = current.source == .builtIn ? current.value.map { [LayerValue(value: $0, source: .builtIn)] } ?? [] : []
            settings[position] = ResolvedSetting(key: rule.key, value: value, source: source,
                                                 overridden: replaced + current.overridden)
        }
    }

    /// The value `rule` gives, as text, and the basis it names; `nil` when the rule has nothing to follow.
    private static func derivedText(_ rule: DerivationRule, settings: [ResolvedSetting], app: AppProfile?)
        -> (text: String, basis: String)? {
        switch rule {
        case .keyctlFromUnprivileged:
            let unprivileged = settings[index(.unprivileged)].value?.flagValue ?? true
            return (DerivationRule.keyctl(unprivileged: unprivileged), "var_unprivileged=\(unprivileged ? 1 : 0)")
        case .hostnameFromApp:
            guard let app else { return nil }
            return (app.identifier, "app \(app.identifier)")
        }
    }
}
