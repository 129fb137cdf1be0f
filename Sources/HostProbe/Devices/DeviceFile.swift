/// A device node on the host: its path and its type and major:minor numbers.
public struct DeviceFile: Sendable, Codable, Hashable, CustomStringConvertible {
    /// The node's path on the host, e.g. `/dev/dri/renderD128`.
    public var path: String
    /// `c` for a character device, `b` for a block device.
    public var type: DeviceNumber.Kind
    /// The major number.
    public var major: UInt32
    /// The minor number.
    public var minor: UInt32

    /// Creates a device file from a path and the numbers read from its node.
    public init(path: String, number: DeviceNumber) {
        self.path = path
        self.type = number.kind
        self.major = number.major
        self.minor = number.minor
    }

    /// The node's type and numbers.
    public var number: DeviceNumber { DeviceNumber(kind: type, major: major, minor: minor) }

    /// `/dev/net/tun (c 10:200)`.
    public var description: String { "\(path) (\(number))" }
}
