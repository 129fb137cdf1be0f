/// Something the app's script asks for that gives the container more power over the node than the built-in
/// container has: a privileged container, a device, a kernel feature.
///
/// build.func lets a catalog script declare these (`var_unprivileged="${var_unprivileged:-0}"`, `var_tun`,
/// `var_gpu`, `var_fuse`, `var_keyctl`, `var_nesting`), and the app's install script then runs as root in that
/// container: root in a privileged container is root on the node. A value is an escalation only when the app
/// layer supplies it (``SettingSource/layer`` is ``LayerKind/app``) and it is wider than what the container would
/// get without the app (the built-in default, or for keyctl build.func's derivation from `var_unprivileged`). The
/// same value given by the operator (the command line, the environment, a `.vars` file, a stack file) is the
/// operator's choice, not an escalation.
public struct AppEscalation: Sendable, Hashable, CustomStringConvertible {
    /// The setting, such as ``ConfigKey/unprivileged``.
    public let key: ConfigKey
    /// The value the app asks for, canonical (`0`, `yes`, `1`).
    public let value: String
    /// Where the value came from: the script's line (``SettingSource/appScript(path:line:)``), or ``SettingSource/app``
    /// when the line is not known.
    public let source: SettingSource

    /// The settings an app may escalate with, in the order they are listed.
    public static let keys: [ConfigKey] = [.unprivileged, .gpu, .tun, .fuse, .keyctl, .nesting]

    /// An escalation.
    public init(key: ConfigKey, value: String, source: SettingSource) {
        self.key = key
        self.value = value
        self.source = source
    }

    /// What the value lets the container do, in words.
    public var meaning: String {
        switch key {
        case .unprivileged: "a privileged container: root inside it is root on the node"
        case .gpu: "GPU passthrough: the node's GPU device files in the container"
        case .tun: "TUN/TAP passthrough: the node's /dev/net/tun in the container"
        case .fuse: "FUSE: the container may mount FUSE file systems (/dev/fuse)"
        case .keyctl: "keyctl: the container may use the kernel's key management system calls"
        case .nesting: "nesting: the container may run containers of its own"
        default: "\(key.variableName)=\(value)"
        }
    }

    /// `var_unprivileged=0: a privileged container: root inside it is root on the node (app-script:/c/ct/x.sh:7)`.
    public var description: String {
        "\(key.variableName)=\(value): \(meaning) (\(source))"
    }

    /// The value of `key` that widens what the container may do: `0` for `var_unprivileged`, on for the others.
    static func isWide(_ key: ConfigKey, _ on: Bool) -> Bool {
        key == .unprivileged ? !on : on
    }
}

extension ResolvedConfiguration {
    /// What the app's script asks for beyond the built-in container (``AppEscalation``), in ``AppEscalation/keys``
    /// order; empty without an app or when the operator's layers decide every such setting.
    public var appEscalations: [AppEscalation] {
        AppEscalation.keys.compactMap { key in
            let setting = self[key]
            guard setting.source.layer == .app, let on = setting.value?.flagValue, AppEscalation.isWide(key, on),
                  on != baselineFlag(key) else { return nil }
            return AppEscalation(key: key, value: setting.value?.canonicalText ?? "", source: setting.source)
        }
    }

    /// Whether `var_app_escalation` is `refuse`: a run stops before anything is written when ``appEscalations`` is not
    /// empty.
    public var refusesAppEscalations: Bool {
        text(.appEscalation) == "refuse"
    }

    /// The value `key` has without the app: keyctl follows `var_unprivileged` (``DerivationRule/keyctlFromUnprivileged``),
    /// the others their built-in default.
    private func baselineFlag(_ key: ConfigKey) -> Bool? {
        if key == .keyctl { return isEnabled(.unprivileged) ?? true }
        return key.builtInDefault.flatMap { try? SettingValidator().value(for: key, from: $0)?.flagValue }
    }
}
