/// The GPU vendors build.func knows, from the PCI vendor ID.
public enum GPUVendor: String, Sendable, Codable, Hashable, CaseIterable {
    /// Intel, PCI vendor `0x8086`.
    case intel
    /// AMD, PCI vendor `0x1002` (ATI) or `0x1022`.
    case amd
    /// NVIDIA, PCI vendor `0x10de`.
    case nvidia
    /// Any other vendor (e.g. an ASPEED BMC's VGA); reported, never offered for passthrough.
    case other

    /// The vendor of a PCI vendor ID.
    public init(pciVendorID: UInt16) {
        switch pciVendorID {
        case 0x8086: self = .intel
        case 0x1002, 0x1022: self = .amd
        case 0x10de: self = .nvidia
        default: self = .other
        }
    }

    /// `Intel`, `AMD`, `NVIDIA`, `other`.
    public var displayName: String {
        switch self {
        case .intel: "Intel"
        case .amd: "AMD"
        case .nvidia: "NVIDIA"
        case .other: "other"
        }
    }
}
