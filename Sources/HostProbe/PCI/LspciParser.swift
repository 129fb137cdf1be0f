/// One line of `lspci -nn`.
public struct LspciEntry: Sendable, Codable, Hashable {
    /// The address with its domain, e.g. `0000:01:00.0`.
    public var address: String
    /// The class name, e.g. `VGA compatible controller`.
    public var className: String
    /// The class and subclass, e.g. `0x0300`.
    public var classID: UInt16
    /// Vendor and device names as printed, e.g. `Intel Corporation AlderLake-S GT1`.
    public var name: String
    /// The vendor ID.
    public var vendorID: UInt16
    /// The device ID.
    public var deviceID: UInt16

    /// Creates an entry.
    public init(address: String, className: String, classID: UInt16, name: String, vendorID: UInt16, deviceID: UInt16) {
        self.address = PCIAddress.normalized(address)
        self.className = className
        self.classID = classID
        self.name = name
        self.vendorID = vendorID
        self.deviceID = deviceID
    }

    /// Whether build.func would count the line as a GPU (`VGA|Display|3D` in the class name), or
    /// the class is a display controller.
    public var isGPU: Bool {
        classID >> 8 == 0x03 || ["VGA", "Display", "3D"].contains { className.contains($0) }
    }
}

/// Parses the output of `lspci -nn`.
public enum LspciParser {
    /// One entry per well-formed line; other lines are skipped.
    ///
    /// A line looks like `01:00.0 3D controller [0302]: NVIDIA Corporation TU104GL [Tesla T4]
    /// [10de:1eb8] (rev a1)`: the IDs are the *last* `[xxxx:yyyy]`, since names contain brackets.
    public static func parse(_ text: String) -> [LspciEntry] {
        text.split(whereSeparator: \.isNewline).compactMap { parseLine(String($0)) }
    }

    static func parseLine(_ line: String) -> LspciEntry? {
        guard let space = line.firstIndex(of: " "), let classEnd = line.range(of: "]: ") else { return nil }
        let address = String(line[..<space])
        let classPart = line[line.index(after: space)..<classEnd.lowerBound]
        guard let classOpen = classPart.lastIndex(of: "["),
            let classID: UInt16 = PCIAddress.parseHex(classPart[classPart.index(after: classOpen)...])
        else { return nil }
        var rest = String(line[classEnd.upperBound...])
        if let rev = rest.range(of: " (rev ", options: .backwards) { rest = String(rest[..<rev.lowerBound]) }
        guard let idsOpen = rest.lastIndex(of: "["), rest.hasSuffix("]") else { return nil }
        let ids = rest[rest.index(after: idsOpen)..<rest.index(before: rest.endIndex)].split(separator: ":")
        guard ids.count == 2, let vendor: UInt16 = PCIAddress.parseHex(ids[0]),
            let device: UInt16 = PCIAddress.parseHex(ids[1])
        else { return nil }
        return LspciEntry(
            address: address,
            className: classPart[..<classOpen].trimmingCharacters(in: .whitespaces),
            classID: classID,
            name: rest[..<idsOpen].trimmingCharacters(in: .whitespaces),
            vendorID: vendor,
            deviceID: device
        )
    }
}
