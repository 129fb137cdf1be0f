/// An IPv4 address.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address as a 32-bit number, first octet in the high byte.
    public let value: UInt32

    /// The address with the given numeric value.
    public init(value: UInt32) {
        self.value = value
    }

    /// Parses dotted-quad text such as `192.168.1.10`: four decimal octets of 1-3 digits, each 0-255.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit),
                  let octet = UInt32(part), octet <= 255 else { return nil }
            result = result << 8 | octet
        }
        value = result
    }

    /// Dotted-quad text.
    public var description: String {
        (0..<4).map { String(value >> (24 - 8 * $0) & 0xFF) }.joined(separator: ".")
    }

    /// Orders addresses numerically.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.value < rhs.value
    }
}

/// An IPv4 address with its prefix length, as in `192.168.1.10/24`.
public struct IPv4Interface: Sendable, Hashable, CustomStringConvertible {
    /// The address.
    public let address: IPv4Address
    /// The prefix length, 1-32.
    public let prefixLength: Int

    /// Parses `a.b.c.d/n` with a prefix of 1-32.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]),
              (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit),
              let prefix = Int(parts[1]), (1...32).contains(prefix) else { return nil }
        self.address = address
        self.prefixLength = prefix
    }

    /// The subnet mask as a number.
    public var mask: UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    /// Whether `other` lies in this interface's subnet.
    public func contains(_ other: IPv4Address) -> Bool {
        address.value & mask == other.value & mask
    }

    /// `a.b.c.d/n`.
    public var description: String {
        "\(address)/\(prefixLength)"
    }
}

/// The IPv4 configuration of `var_net`.
public enum NetworkSetting: Sendable, Hashable, CustomStringConvertible {
    /// Address by DHCP.
    case dhcp
    /// A fixed address with its prefix.
    case fixed(IPv4Interface)
    /// The first free address of a range, found by a scan when the container is created.
    case range(from: IPv4Interface, to: IPv4Interface)

    /// The `var_net` spelling: `dhcp`, `a.b.c.d/n` or `a.b.c.d/n-e.f.g.h/n`.
    public var description: String {
        switch self {
        case .dhcp: "dhcp"
        case .fixed(let interface): interface.description
        case .range(let from, let to): "\(from)-\(to)"
        }
    }

    /// The subnet a gateway must lie in, or `nil` for DHCP.
    public var subnet: IPv4Interface? {
        switch self {
        case .dhcp: nil
        case .fixed(let interface): interface
        case .range(let from, _): from
        }
    }
}

extension Character {
    var isASCIIDigit: Bool {
        isASCII && isNumber
    }
}
