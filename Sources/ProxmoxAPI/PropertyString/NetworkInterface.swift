/// A container network interface, the `netN` option: `name=eth0,bridge=vmbr0,ip=dhcp,...`.
public struct NetworkInterface: PropertyStringConvertible {
    public static let defaultKey: String? = nil
    private static let known: Set<String> = [
        "name", "bridge", "hwaddr", "ip", "gw", "ip6", "gw6", "tag", "trunks", "mtu", "rate", "firewall", "link_down", "type",
    ]

    /// Interface name inside the container (`eth0`).
    public var name: String
    /// Host bridge (`vmbr0`) or SDN vnet.
    public var bridge: String?
    /// MAC address.
    public var hwaddr: String?
    /// IPv4: `dhcp`, `manual` or `a.b.c.d/n`.
    public var ip: String?
    /// IPv4 gateway.
    public var gateway: String?
    /// IPv6: `auto`, `dhcp`, `manual` or an address with prefix.
    public var ip6: String?
    /// IPv6 gateway.
    public var gateway6: String?
    /// VLAN tag (1-4094).
    public var tag: Int?
    /// Trunk VLANs.
    public var trunks: [Int]
    /// MTU.
    public var mtu: Int?
    /// Rate limit in MB/s.
    public var rate: Double?
    /// Firewall on this interface.
    public var firewall: Bool?
    /// Link down.
    public var linkDown: Bool?
    /// Interface type (`veth`).
    public var type: String?
    /// Keys this version does not model, kept as they came.
    public var extra: [PropertyString.Entry]

    /// Makes an interface.
    public init(
        name: String = "eth0", bridge: String? = nil, hwaddr: String? = nil, ip: String? = nil, gateway: String? = nil,
        ip6: String? = nil, gateway6: String? = nil, tag: Int? = nil, trunks: [Int] = [], mtu: Int? = nil,
        rate: Double? = nil, firewall: Bool? = nil, linkDown: Bool? = nil, type: String? = nil,
        extra: [PropertyString.Entry] = []
    ) {
        self.name = name
        self.bridge = bridge
        self.hwaddr = hwaddr
        self.ip = ip
        self.gateway = gateway
        self.ip6 = ip6
        self.gateway6 = gateway6
        self.tag = tag
        self.trunks = trunks
        self.mtu = mtu
        self.rate = rate
        self.firewall = firewall
        self.linkDown = linkDown
        self.type = type
        self.extra = extra
    }

    public init(propertyString string: PropertyString) throws(ProxmoxError) {
        self.init(
            name: try Self.require("name", in: string, of: "network interface"), bridge: string["bridge"],
            hwaddr: string["hwaddr"], ip: string["ip"], gateway: string["gw"], ip6: string["ip6"],
            gateway6: string["gw6"], tag: string.integer("tag"), trunks: string.list("trunks").compactMap { Int($0) },
            mtu: string.integer("mtu"), rate: string["rate"].flatMap { Double($0) }, firewall: string.flag("firewall"),
            linkDown: string.flag("link_down"), type: string["type"], extra: string.entries(notIn: Self.known))
    }

    public var propertyString: PropertyString {
        var string = PropertyString()
        string.append("name", name)
        string.append("bridge", bridge)
        string.append("hwaddr", hwaddr)
        string.append("ip", ip)
        string.append("gw", gateway)
        string.append("ip6", ip6)
        string.append("gw6", gateway6)
        string.append("tag", tag)
        string.append("trunks", list: trunks.map(String.init))
        string.append("mtu", mtu)
        string.append("rate", rate.map { $0.rounded() == $0 ? String(Int($0)) : String($0) })
        string.append("firewall", firewall)
        string.append("link_down", linkDown)
        string.append("type", type)
        string.entries += extra
        return string
    }
}
