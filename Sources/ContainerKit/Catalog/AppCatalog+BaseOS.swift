public import ConfigResolution

extension AppCatalog {
    /// The base OSes lxc-build knows without a catalog, each with the defaults community-scripts' `ct/<os>.sh`
    /// declares (tags, cpu, RAM in MiB, disk in GB, unprivileged) and the version lxc-build builds by default. A catalog
    /// that has `ct/<os>.sh` is read instead (``AppCatalog/definition(for:)``); ``AppDefinition/origin`` says which.
    public static let baseOSDefaults: [String: [ConfigKey: String]] = [
        "debian": osDefaults("debian", version: "13", tags: "os", cpu: 1, ram: 512, disk: 2),
        "ubuntu": osDefaults("ubuntu", version: "24.04", tags: "os", cpu: 1, ram: 512, disk: 2),
        "alpine": osDefaults("alpine", version: "3.22", tags: "os;alpine", cpu: 1, ram: 512, disk: 1),
        "centos": osDefaults("centos", version: "9", tags: "os", cpu: 1, ram: 512, disk: 4),
        "rocky": osDefaults("rocky", version: "9", tags: "os", cpu: 1, ram: 1536, disk: 10),
        "fedora": osDefaults("fedora", version: "42", tags: "os", cpu: 2, ram: 2048, disk: 15),
    ]

    /// Base OSes and the version lxc-build builds of each by default.
    public static let baseOSVersions: [String: String] = baseOSDefaults.compactMapValues { $0[.version] }

    private static func osDefaults(_ os: String, version: String, tags: String, cpu: Int, ram: Int, disk: Int) -> [ConfigKey: String] {
        [.os: os, .version: version, .tags: tags, .cpu: String(cpu), .ram: String(ram), .disk: String(disk), .unprivileged: "1"]
    }

    /// The built-in definition of the base OS `id`; `nil` when `id` is none.
    static func builtInDefinition(of id: String) -> AppDefinition? {
        guard let defaults = baseOSDefaults[id] else { return nil }
        return AppDefinition(name: id, declaredDefaults: defaults, isBaseOS: true, skipped: [])
    }
}
