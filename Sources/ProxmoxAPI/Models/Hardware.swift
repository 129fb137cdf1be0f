/// A row of `GET /nodes/{node}/network`: a host interface, bridge or bond.
public struct HostNetworkInterface: Sendable, Equatable {
    /// Interface name (`vmbr0`).
    public var iface: String
    /// `bridge`, `OVSBridge`, `bond`, `eth`, `vlan`...
    public var type: String
    /// Up.
    public var active: Bool
    /// Bridge ports.
    public var bridgePorts: String?
    /// VLAN-aware bridge.
    public var vlanAware: Bool
    /// Address with prefix.
    public var cidr: String?
    /// Comment lines from /etc/network/interfaces.
    public var comments: String?
    /// The row as sent.
    public var raw: JSONValue

    /// `true` for Linux and OVS bridges.
    public var isBridge: Bool { type == "bridge" || type == "OVSBridge" }

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        iface = try json.requireString("iface", in: "network row")
        type = json["type"]?.stringValue ?? ""
        active = json["active"]?.boolValue ?? false
        bridgePorts = json["bridge_ports"]?.stringValue
        vlanAware = json["bridge_vlan_aware"]?.boolValue ?? false
        cidr = json["cidr"]?.stringValue
        comments = json["comments"]?.stringValue
        raw = json
    }
}

/// A row of `GET /nodes/{node}/hardware/pci`.
public struct PCIDeviceInfo: Sendable, Equatable {
    /// PCI address (`0000:00:02.0`).
    public var id: String
    /// Vendor and device ids (`0x8086`).
    public var vendor: String?
    /// Device id (`0x3e92`).
    public var device: String?
    /// Class (`0x030000` for VGA).
    public var pciClass: String?
    /// Names from the PCI database.
    public var vendorName: String?
    /// Device name from the PCI database.
    public var deviceName: String?
    /// IOMMU group.
    public var iommuGroup: Int?
    /// The row as sent.
    public var raw: JSONValue

    /// `true` for display controllers (class 0x03xxxx).
    public var isDisplayController: Bool { pciClass?.lowercased().hasPrefix("0x03") ?? false }

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        id = try json.requireString("id", in: "PCI row")
        vendor = json["vendor"]?.stringValue
        device = json["device"]?.stringValue
        pciClass = json["class"]?.stringValue
        vendorName = json["vendor_name"]?.stringValue
        deviceName = json["device_name"]?.stringValue
        iommuGroup = json["iommugroup"]?.intValue
        raw = json
    }
}

/// A row of `GET /nodes/{node}/hardware/usb`.
public struct USBDeviceInfo: Sendable, Equatable {
    /// Bus and device numbers.
    public var busnum: Int?
    /// Device number on the bus.
    public var devnum: Int?
    /// Vendor and product ids (`0x10c4`).
    public var vendorID: String?
    /// Product id (`0xea60`).
    public var productID: String?
    /// Names.
    public var manufacturer: String?
    /// Product name.
    public var product: String?
    /// The row as sent.
    public var raw: JSONValue

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        _ = try json.requireObject("USB row")
        busnum = json["busnum"]?.intValue
        devnum = json["devnum"]?.intValue
        vendorID = json["vendid"]?.stringValue
        productID = json["prodid"]?.stringValue
        manufacturer = json["manufacturer"]?.stringValue
        product = json["product"]?.stringValue
        raw = json
    }
}
