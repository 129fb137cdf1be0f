extension ResolvedConfiguration {
    /// The values to mask wherever text leaves lxc-build (logs, errors): those of the secret settings
    /// (``ConfigKey/isSecret``) and of the app's keys whose names look secret (``AppSetting/isSecret``), non-empty.
    public var secretValues: [String] {
        let settings = ConfigKey.allCases.filter(\.isSecret).compactMap { text($0) }
        let appKeys = appSettings.filter(\.isSecret).compactMap(\.value)
        return (settings + appKeys).filter { !$0.isEmpty }
    }
}
