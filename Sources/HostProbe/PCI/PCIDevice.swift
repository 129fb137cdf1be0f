/// A PCI function as the kernel lists it under `/sys/bus/pci/devices`.
public struct PCIDevice: Sendable, Codable, Hashable {
    /// The address with its domain, e.g. `0000:00:02.0`.
    public var address: String
    /// The vendor ID, e.g. `0x8086`.
    public var vendorID: UInt16
    /// The device ID, e.g. `0x4680`.
    public var deviceID: UInt16
    /// The 24-bit class code, e.g. `0x030000` for a VGA controller.
    public var classCode: UInt32
    /// The kernel driver bound to it (`i915`, `amdgpu`, `nvidia`, `vfio-pci`), `nil` when none is.
    public var driver: String?

    /// Creates a PCI device description.
    public init(address: String, vendorID: UInt16, deviceID: UInt16, classCode: UInt32, driver: String? = nil) {
        self.address = PCIAddress.normalized(address)
        self.vendorID = vendorID
        self.deviceID = deviceID
        self.classCode = classCode
        self.driver = driver
    }

    /// Whether the class is a display controller (base class 0x03: VGA, XGA, 3D, other display).
    public var isDisplayController: Bool { classCode >> 16 == 0x03 }

    /// Whether this is a Coral Edge TPU on PCIe (Global Unichip `1ac1:089a`).
    public var isCoralTPU: Bool { vendorID == 0x1ac1 && deviceID == 0x089a }

    /// `8086:4680`, the form `lspci -nn` prints in brackets.
    public var ids: String { "\(PCIAddress.hex4(vendorID)):\(PCIAddress.hex4(deviceID))" }
}

/// Spelling helpers for PCI addresses and IDs.
enum PCIAddress {
    /// `00:02.0` becomes `0000:00:02.0`; an address with a domain is only lower-cased.
    static func normalized(_ address: String) -> String {
        let lower = address.lowercased()
        return lower.split(separator: ":").count == 2 ? "0000:" + lower : lower
    }

    /// Four lower-case hex digits, e.g. `8086`.
    static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `0x8086` style text (as in sysfs `vendor` files) or bare hex, as a number.
    static func parseHex<T: FixedWidthInteger>(_ text: some StringProtocol) -> T? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let digits = trimmed.hasPrefix("0x") ? String(trimmed.dropFirst(2)) : trimmed
        return T(digits, radix: 16)
    }
}
