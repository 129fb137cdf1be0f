extension ResolvedConfiguration {
    /// The values to mask wherever text leaves lxc-build (logs, errors): those of the secret settings
    /// (``ConfigKey/isSecret``), the login in a proxy URL (``ConfigKey/secretParts(of:)``) and the values of the
    /// app's keys whose names look secret (``AppSetting/isSecret``), non-empty.
    public var secretValues: [String] {
        let settings = ConfigKey.allCases.flatMap { key in text(key).map(key.secretParts(of:)) ?? [] }
        let appKeys = appSettings.filter(\.isSecret).compactMap(\.value)
        return (settings + appKeys).filter { !$0.isEmpty }
    }
}
