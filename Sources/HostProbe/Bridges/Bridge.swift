/// A network a container can attach to: a Linux or OVS bridge, or an SDN vnet.
public struct Bridge: Sendable, Codable, Hashable {
    /// What kind of network it is.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A Linux bridge (`bridge-ports`, `bridge-stp`, ...).
        case linux
        /// An Open vSwitch bridge (`ovs_type OVSBridge`).
        case ovs
        /// An SDN vnet from `/etc/pve/sdn/vnets.cfg`.
        case sdnVNet = "sdn"
    }

    /// The name to use as `bridge=` in `net0`, e.g. `vmbr0` or a vnet ID.
    public var name: String
    /// What kind of network it is.
    public var kind: Kind
    /// The comment PVE shows for it: the `#` line in its interfaces block, or a vnet's alias.
    public var comment: String?
    /// Its ports (`bridge-ports`/`ovs_ports`); `none` is left out.
    public var ports: [String]
    /// Whether `bridge-vlan-aware yes` is set.
    public var vlanAware: Bool
    /// The host's addresses on it (`address` lines, e.g. `192.168.1.11/24`).
    public var addresses: [String]
    /// The SDN zone of a vnet.
    public var zone: String?
    /// The file it was read from.
    public var source: String

    /// Creates a bridge description.
    public init(
        name: String, kind: Kind, comment: String? = nil, ports: [String] = [], vlanAware: Bool = false,
        addresses: [String] = [], zone: String? = nil, source: String
    ) {
        self.name = name
        self.kind = kind
        self.comment = comment
        self.ports = ports
        self.vlanAware = vlanAware
        self.addresses = addresses
        self.zone = zone
        self.source = source
    }

    /// How build.func's menu labels it: `vmbr0`, or `sdn:<vnet>` for a vnet.
    public var menuName: String { kind == .sdnVNet ? "sdn:\(name)" : name }
}
