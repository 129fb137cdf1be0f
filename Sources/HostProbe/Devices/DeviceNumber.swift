/// The type and major:minor numbers of a device node, as `stat(2)` reports them in `st_rdev`.
public struct DeviceNumber: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Whether a node is a character or a block device.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A character device (`c`), such as `/dev/dri/renderD128` or `/dev/net/tun`.
        case character = "c"
        /// A block device (`b`), such as `/dev/sda`.
        case block = "b"
    }

    /// Character or block device.
    public var kind: Kind
    /// The major number (the driver), e.g. 226 for DRM.
    public var major: UInt32
    /// The minor number (the instance), e.g. 128 for `renderD128`.
    public var minor: UInt32

    /// Creates a device number from its parts.
    public init(kind: Kind, major: UInt32, minor: UInt32) {
        self.kind = kind
        self.major = major
        self.minor = minor
    }

    /// Creates a device number from a kernel `dev_t`, split the way glibc's `major()`/`minor()` do.
    public init(kind: Kind, rawDevice: UInt64) {
        let major = ((rawDevice >> 8) & 0xfff) | ((rawDevice >> 32) & ~UInt64(0xfff))
        let minor = (rawDevice & 0xff) | ((rawDevice >> 12) & ~UInt64(0xff))
        self.init(kind: kind, major: UInt32(truncatingIfNeeded: major), minor: UInt32(truncatingIfNeeded: minor))
    }

    /// `major:minor`, as in `lxc.cgroup2.devices.allow: c 10:200 rwm`.
    public var majorMinor: String { "\(major):\(minor)" }

    /// `c 226:128` or `b 8:0`.
    public var description: String { "\(kind.rawValue) \(majorMinor)" }

    /// Parses `c 226:128` / `b 8:0` (the form ``description`` prints); `nil` for anything else.
    public static func parse(_ text: some StringProtocol) -> DeviceNumber? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let kind = Kind(rawValue: String(fields[0])) else { return nil }
        let numbers = fields[1].split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count == 2, let major = UInt32(numbers[0]), let minor = UInt32(numbers[1]) else { return nil }
        return DeviceNumber(kind: kind, major: major, minor: minor)
    }
}
