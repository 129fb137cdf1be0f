extension ResolvedConfiguration {
    /// Resolves `layers`: for each key the highest layer that sets it wins.
    ///
    /// Then: keys no layer sets get the value build.func derives for them (``DerivationRule``); a user value of cpu, ram or disk below the app's declared value wins with a warning naming the
    /// recommendation; a gateway is dropped with a warning when `var_net` is DHCP and rejected when outside a
    /// static subnet (except /31 and /32); combinations build.func warns about give warnings.
    /// - Throws: ``ConfigError/Code/invalidValue`` listing every rejected value, with the warnings gathered.
    public init(mode: InstallMode, app: AppProfile?, layers: [ConfigLayer]) throws(ConfigError) {
        let ordered = layers.sorted { $0.kind > $1.kind }
        var warnings = ordered.flatMap(\.warnings)
        var rejections = ordered.flatMap(\.rejections)
        var settings: [ResolvedSetting] = ConfigKey.allCases.map { key in
            // The highest layer that sets or unsets the key decides; an unset leaves it without a value.
            let deciding = ordered.firstIndex { $0.values[key] != nil || $0.cleared[key] != nil }
            guard let deciding else { return ResolvedSetting(key: key, value: nil, source: .builtIn, overridden: []) }
            if let winner = ordered[deciding].values[key] {
                return ResolvedSetting(key: key, value: winner.value, source: winner.source,
                                       overridden: ordered[(deciding + 1)...].compactMap { $0.values[key] })
            }
            return ResolvedSetting(key: key, value: nil, source: ordered[deciding].cleared[key] ?? .builtIn,
                                   overridden: ordered[(deciding + 1)...].compactMap { $0.values[key] }, isCleared: true)
        }
        Self.applyDerivations(&settings, app: app, rejections: &rejections)
        warnings += Self.recommendationWarnings(settings)
        Self.checkGateway(&settings, warnings: &warnings, rejections: &rejections)
        warnings += Self.advisories(settings)
        guard rejections.isEmpty else { throw .invalidValues(rejections, warnings: warnings) }
        self.mode = mode
        self.app = app
        self.settings = settings
        self.warnings = warnings
        self.appSettings = AppSetting.resolve(app, layers: layers)
    }

    static func index(_ key: ConfigKey) -> Int {
        ConfigKey.allCases.firstIndex(of: key) ?? 0
    }

    private static func recommendationWarnings(_ settings: [ResolvedSetting]) -> [ConfigWarning] {
        [ConfigKey.cpu, .ram, .disk].compactMap { key in
            let setting = settings[index(key)]
            guard setting.source.layer.isUserLayer, let chosen = setting.value?.integerValue,
                  let recommended = setting.overridden.first(where: { $0.source.layer == .app })?.value.integerValue,
                  chosen < recommended else { return nil }
            return ConfigWarning(
                kind: .belowRecommendation, variable: key.variableName, source: setting.source,
                message: "\(key.variableName)=\(chosen) (\(setting.source)) is below the \(recommended) the app "
                    + "recommends; using \(chosen)")
        }
    }

    private static func checkGateway(_ settings: inout [ResolvedSetting], warnings: inout [ConfigWarning],
                                     rejections: inout [ValueRejection]) {
        let gateway = settings[index(.gateway)]
        guard let text = gateway.value?.canonicalText, let address = IPv4Address(text),
              let network = settings[index(.net)].value?.networkValue else { return }
        let netSource = settings[index(.net)].source
        guard let subnet = network.subnet else {
            warnings.append(ConfigWarning(
                kind: .ignoredValue, variable: ConfigKey.gateway.variableName, source: gateway.source,
                message: "var_gateway=\(text) (\(gateway.source)) is ignored because var_net is dhcp (\(netSource))"))
            settings[index(.gateway)] = ResolvedSetting(key: .gateway, value: nil, source: gateway.source,
                                                        overridden: gateway.overridden)
            return
        }
        if subnet.prefixLength < 31, !subnet.contains(address) {
            rejections.append(ValueRejection(
                variable: ConfigKey.gateway.variableName, value: text, source: gateway.source,
                reason: "outside var_net's subnet \(subnet) (\(netSource))",
                accepted: ConfigKey.gateway.acceptedValues))
        }
    }

    private static func advisories(_ settings: [ResolvedSetting]) -> [ConfigWarning] {
        var advisories: [ConfigWarning] = []
        let nesting = settings[index(.nesting)]
        if nesting.value?.flagValue == false, settings[index(.os)].value?.canonicalText != "alpine" {
            advisories.append(ConfigWarning(
                kind: .advisory, variable: ConfigKey.nesting.variableName, source: nesting.source,
                message: "var_nesting=0 (\(nesting.source)): systemd in a non-Alpine container may run "
                    + "degraded without nesting"))
        }
        let cacher = settings[index(.aptCacher)]
        if cacher.value?.flagValue == true, settings[index(.aptCacherIP)].value == nil {
            advisories.append(ConfigWarning(
                kind: .ignoredValue, variable: ConfigKey.aptCacher.variableName, source: cacher.source,
                message: "var_apt_cacher=yes (\(cacher.source)) has no effect without var_apt_cacher_ip"))
        }
        return advisories
    }
}
