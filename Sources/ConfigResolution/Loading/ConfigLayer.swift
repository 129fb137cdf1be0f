/// A value supplied by one layer, with where it came from.
public struct LayerValue: Sendable, Hashable {
    /// The validated value.
    public let value: SettingValue
    /// Where it came from.
    public let source: SettingSource

    /// A value with its source.
    public init(value: SettingValue, source: SettingSource) {
        self.value = value
        self.source = source
    }
}

/// The settings one source supplies: the command line, the environment, a `.vars` file, the app, the built-ins.
///
/// Values are validated when the layer is built. A failing value from a file is a warning (the line is
/// skipped, as build.func does), except a secret's (skipping a refused `var_pw` would leave the container with no
/// password); from any other layer it is a rejection that makes resolution fail.
public struct ConfigLayer: Sendable, Hashable {
    /// Which layer this is.
    public let kind: LayerKind
    /// The values it supplies; empty values are absent (they leave the key to lower layers).
    public let values: [ConfigKey: LayerValue]
    /// Keys this layer explicitly unsets, with where that came from: lower layers' values for them are not used
    /// (the command line's `--unset`, a value cleared in the advanced wizard).
    public let cleared: [ConfigKey: SettingSource]
    /// Values of the app's own keys (``AppProfile/appKeys``), by variable name, as ``SettingValue/text(_:)``:
    /// they go into the install script's environment only.
    public let appValues: [String: LayerValue]
    /// Problems that did not stop the layer from being built.
    public let warnings: [ConfigWarning]
    /// Values that failed their rule.
    public let rejections: [ValueRejection]

    /// A layer with the given parts.
    public init(kind: LayerKind, values: [ConfigKey: LayerValue], cleared: [ConfigKey: SettingSource] = [:],
                appValues: [String: LayerValue] = [:], warnings: [ConfigWarning] = [], rejections: [ValueRejection] = []) {
        self.kind = kind
        self.values = values
        self.cleared = cleared.filter { values[$0.key] == nil }
        self.appValues = appValues
        self.warnings = warnings
        self.rejections = rejections
    }

    /// The layer of a parsed `.vars` file (``LayerKind/appFile`` or ``LayerKind/globalFile``).
    public init(file: VarsFile, scope: VarsFileParser.Scope) {
        var values: [ConfigKey: LayerValue] = [:]
        for entry in file.entries.values {
            if let value = entry.value { values[entry.key] = LayerValue(value: value, source: entry.source) }
        }
        self.init(kind: scope == .app ? .appFile : .globalFile, values: values, appValues: file.appEntries,
                  warnings: file.warnings, rejections: file.rejections)
    }

    /// The built-in defaults (build.func's `base_settings`).
    public static func builtIn(validator: SettingValidator = SettingValidator()) -> ConfigLayer {
        var values: [ConfigKey: LayerValue] = [:]
        for key in ConfigKey.allCases {
            if let text = key.builtInDefault, let value = try? validator.value(for: key, from: text) {
                values[key] = LayerValue(value: value, source: .builtIn)
            }
        }
        return ConfigLayer(kind: .builtIn, values: values)
    }

    /// The app's declared defaults. The host name is not one of them: it is derived from the app's identifier
    /// during resolution (``DerivationRule/hostnameFromApp``).
    ///
    /// Only keys an app may declare (``ConfigKey/isAppDeclarable``) are taken: any other key is ignored with a
    /// ``ConfigWarning/Kind/notAllowedFromApp`` warning, so an app catalog can never choose an id, a password, a
    /// storage, a hook such as `var_post_install` or mount types. What it may ask for beyond the built-in container
    /// (a privileged container, TUN or GPU passthrough, FUSE, keyctl) is listed as ``AppEscalation``s.
    /// Values carry the script line that declares them (``SettingSource/appScript(path:line:)``) when the profile
    /// knows it; the app's own keys (``AppProfile/appKeys``) become ``appValues``.
    public static func app(_ app: AppProfile, validator: SettingValidator = SettingValidator()) -> ConfigLayer {
        let declared = app.declaredDefaults.filter { $0.key.isAppDeclarable }
        let named = declared.map { (variable: $0.key.variableName, value: $0.value) }
        let own = app.appKeys.map { (variable: $0.key, value: $0.value) }
        let taken = layer(.app, from: named + own, source: app.source(of:), appKeys: Set(app.appKeys.keys), validator: validator)
        let refused = app.declaredDefaults.keys.filter { !$0.isAppDeclarable }.sorted { $0.rawValue < $1.rawValue }.map { key in
            ConfigWarning(kind: .notAllowedFromApp, variable: key.variableName, source: .app,
                          message: "app: \(key.variableName) declared by \(app.name) is ignored; an app may set only "
                              + ConfigKey.appDeclarableKeys.map(\.variableName).joined(separator: ", "))
        }
        return ConfigLayer(kind: .app, values: taken.values, appValues: taken.appValues, warnings: taken.warnings + refused,
                           rejections: taken.rejections)
    }

    /// The `var_*` variables of `environment`. Unknown `var_*` names are warnings, except build.func's control
    /// variables (``ConfigKey/controlVariables``) and the app's own keys (`appKeys`, see
    /// ``AppProfile/appKeys``), which become ``appValues``; other variables are ignored.
    public static func environment(_ environment: [String: String], appKeys: Set<String> = [],
                                   validator: SettingValidator = SettingValidator()) -> ConfigLayer {
        let named = environment.filter { $0.key.hasPrefix("var_") && !ConfigKey.controlVariables.contains($0.key) }
            .map { (variable: $0.key, value: $0.value) }
        return layer(.environment, from: named, source: { _ in .environment }, appKeys: appKeys, validator: validator)
    }

    /// Command-line settings, each `KEY=VALUE`; `KEY` may leave out the `var_` prefix (`cpu=4`).
    /// A key given twice keeps its last value. The keys in `unset` (names as in assignments) are explicitly
    /// unset: no lower layer supplies them, and the resolved setting is unset with the command line as its
    /// source. A key both assigned and unset keeps the assigned value. The app's own keys (`appKeys`, see
    /// ``AppProfile/appKeys``) may be assigned too; they become ``appValues``. `options` names the option an
    /// assignment stands for (`"var_net=10.0.0.7/24": "--ip"`): its source is then ``SettingSource/option(_:)``.
    /// - Throws: ``ConfigError/Code/malformedAssignment`` for text without `=`, ``ConfigError/Code/unknownKey``
    ///   for a name that is neither a setting nor one of `appKeys`.
    public static func commandLine(_ assignments: [String], unset: [String] = [], appKeys: Set<String> = [],
                                   options: [String: String] = [:],
                                   validator: SettingValidator = SettingValidator()) throws(ConfigError)
        -> ConfigLayer {
        var named: [(variable: String, value: String)] = []
        var sources: [String: SettingSource] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                // The text may be a secret typed without '=', so it is shown only when it cannot be one.
                let lowered = assignment.lowercased()
                let mayBeSecret = lowered.contains("pw") || lowered.contains("token")
                let shown = mayBeSecret ? ConfigKey.secretMask : ValueRejection.display(assignment, for: "")
                throw ConfigError(code: .malformedAssignment,
                                  message: "--set \"\(shown)\" is not KEY=VALUE; accepted: a setting such as cpu=2")
            }
            let name = assignment[..<equals].trimmingWhitespace()
            let ownName = name.hasPrefix("var_") ? name : "var_" + name
            let variable = appKeys.contains(ownName) ? ownName
                : try commandLineKey(name, option: "--set", appKeys: appKeys).variableName
            named.removeAll { $0.variable == variable }
            named.append((variable, String(assignment[assignment.index(after: equals)...])))
            sources[variable] = options[assignment].map(SettingSource.option) ?? .commandLine
        }
        var cleared: [ConfigKey: SettingSource] = [:]
        for name in unset {
            cleared[try commandLineKey(name.trimmingWhitespace(), option: "--unset", appKeys: appKeys)] = .commandLine
        }
        let layer = layer(.commandLine, from: named, source: { sources[$0] ?? .commandLine }, appKeys: appKeys,
                          validator: validator)
        return ConfigLayer(kind: .commandLine, values: layer.values, cleared: cleared, appValues: layer.appValues,
                           warnings: layer.warnings, rejections: layer.rejections)
    }

    /// The key a command-line name stands for (`cpu` or `var_cpu`).
    private static func commandLineKey(_ name: String, option: String, appKeys: Set<String>) throws(ConfigError) -> ConfigKey {
        guard let key = ConfigKey(commandLineName: name) else {
            let names = ConfigKey.allCases.map(\.variableName)
            let variable = name.hasPrefix("var_") ? name : "var_" + name
            let fix = Spelling.nearest(to: variable, among: names + appKeys.sorted()).map { "did you mean \($0)?" }
                ?? "accepted: " + names.joined(separator: ", ")
            let own = appKeys.isEmpty ? "" : "; the app's own keys: " + appKeys.sorted().joined(separator: ", ")
                + (option == "--unset" ? " (not with --unset)" : "")
            throw ConfigError(code: .unknownKey,
                              message: "\(option) \(ValueRejection.display(name, for: "")): not a setting; \(fix)\(own) "
                                  + "(`lxc-build config show` lists them)")
        }
        return key
    }

    private static func layer(_ kind: LayerKind, from named: [(variable: String, value: String)],
                              source sourceOf: (String) -> SettingSource, appKeys: Set<String>,
                              validator: SettingValidator) -> ConfigLayer {
        var values: [ConfigKey: LayerValue] = [:]
        var appValues: [String: LayerValue] = [:]
        var warnings: [ConfigWarning] = []
        var rejections: [ValueRejection] = []
        for (variable, text) in named.sorted(by: { $0.variable < $1.variable }) {
            let source = sourceOf(variable)
            if appKeys.contains(variable) {
                do {
                    if let value = try validator.appSpecificValue(from: text) {
                        appValues[variable] = LayerValue(value: .text(value), source: source)
                    }
                } catch {
                    rejections.append(ValueRejection(variable: variable, value: text, source: source,
                                                     reason: error.reason, accepted: ConfigKey.appSpecificAcceptedValues))
                }
                continue
            }
            guard let key = ConfigKey(variableName: variable) else {
                warnings.append(ConfigWarning(kind: .unknownKey, variable: variable, source: source,
                                              message: "\(source): \(variable) is an unknown setting; ignored"))
                continue
            }
            do {
                if let value = try validator.value(for: key, from: text) {
                    values[key] = LayerValue(value: value, source: source)
                }
            } catch {
                rejections.append(ValueRejection(variable: variable, value: text, source: source,
                                                 reason: error.reason, accepted: key.acceptedValues))
            }
        }
        return ConfigLayer(kind: kind, values: values, appValues: appValues, warnings: warnings, rejections: rejections)
    }
}
