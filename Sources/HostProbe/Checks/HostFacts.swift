/// Facts about the host itself, as reported under `host` by `lxc-build probe --json`.
public struct HostFacts: Sendable, Codable, Hashable {
    /// `dpkg --print-architecture`, e.g. `amd64`.
    public var arch: String?
    /// The PVE version from `pveversion`, e.g. `8.4.1`.
    public var pveVersion: String?
    /// Whether a container may be created on this PVE version (supported or newer than tested).
    public var pveSupported: Bool?
    /// How build.func treats the version.
    public var pveSupport: PVESupport?
    /// The running kernel reported by `pveversion`.
    public var kernel: String?
    /// Whether the probing process runs as root (effective uid 0).
    public var root: Bool?
    /// The host's time zone, e.g. `Europe/Berlin`.
    public var timezone: String?
    /// Bridges from the interfaces files, then SDN vnets.
    public var bridges: [Bridge]
    /// SSH public keys found on the host that can be offered for the container.
    public var keys: [SSHPublicKey]
    /// Kernel key limits and uid 100000's usage.
    public var keyLimits: KeyLimits?
    /// Cluster membership and quorum.
    public var cluster: ClusterStatus?

    /// Creates host facts; everything unknown by default.
    public init(
        arch: String? = nil, pveVersion: String? = nil, pveSupported: Bool? = nil, pveSupport: PVESupport? = nil,
        kernel: String? = nil, root: Bool? = nil, timezone: String? = nil, bridges: [Bridge] = [],
        keys: [SSHPublicKey] = [], keyLimits: KeyLimits? = nil, cluster: ClusterStatus? = nil
    ) {
        self.arch = arch
        self.pveVersion = pveVersion
        self.pveSupported = pveSupported
        self.pveSupport = pveSupport
        self.kernel = kernel
        self.root = root
        self.timezone = timezone
        self.bridges = bridges
        self.keys = keys
        self.keyLimits = keyLimits
        self.cluster = cluster
    }
}
