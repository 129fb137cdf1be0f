/// What a container's config needs so a device works inside it: `devN` entries (settable through
/// the API as `root@pam`) and, where build.func writes them, raw `lxc.*` lines (node shell only).
///
/// Plans are built from what the probe found, so they only name nodes that exist now as device
/// nodes: a plan never contains `/dev/dri/renderD128` on a host where that node is missing.
public struct PassthroughPlan: Sendable, Codable, Hashable {
    /// The group a node should belong to inside the container.
    public enum AccessGroup: String, Sendable, Codable, Hashable {
        /// The `video` group: card nodes and NVIDIA nodes.
        case video
        /// The `render` group: render nodes and `/dev/kfd`.
        case render
    }

    /// One device for a `devN:` entry.
    public struct Device: Sendable, Codable, Hashable {
        /// The node's path on the host, also its path in the container.
        public var path: String
        /// Which group inside the container gets access, if any.
        public var group: AccessGroup?
        /// The node's type and numbers, as probed.
        public var number: DeviceNumber

        /// Creates an entry.
        public init(path: String, group: AccessGroup? = nil, number: DeviceNumber) {
            self.path = path
            self.group = group
            self.number = number
        }
    }

    /// The group IDs used for `gid=` in `devN` entries.
    public struct GroupIDs: Sendable, Codable, Hashable {
        /// The container's `video` GID.
        public var video: Int
        /// The container's `render` GID.
        public var render: Int

        /// Creates a pair of group IDs.
        public init(video: Int, render: Int) {
            self.video = video
            self.render = render
        }

        /// build.func's fallbacks when the container's groups cannot be read: video 44, render 104.
        public static let fallback = GroupIDs(video: 44, render: 104)
    }

    /// Devices for `devN:` entries, in order.
    public var devices: [Device]
    /// Raw `lxc.*` lines, as build.func writes them for TUN, USB serial and Coral.
    public var rawLines: [String]
    /// Things the caller should know (e.g. why a device was left out).
    public var notes: [String]

    /// Creates a plan.
    public init(devices: [Device] = [], rawLines: [String] = [], notes: [String] = []) {
        self.devices = devices
        self.rawLines = rawLines
        self.notes = notes
    }

    /// Whether the plan adds nothing.
    public var isEmpty: Bool { devices.isEmpty && rawLines.isEmpty }

    /// The `devN:` config lines, numbered from `firstIndex`, e.g. `dev0: /dev/dri/renderD128,gid=104`.
    public func devEntries(startingAt firstIndex: Int = 0, gids: GroupIDs = .fallback) -> [String] {
        devices.enumerated().map { offset, device in
            let gid = device.group.map { ",gid=\($0 == .video ? gids.video : gids.render)" } ?? ""
            return "dev\(firstIndex + offset): \(device.path)\(gid)"
        }
    }

    /// Both plans, one after the other, without repeating a device or a line.
    public static func + (lhs: PassthroughPlan, rhs: PassthroughPlan) -> PassthroughPlan {
        func merged<T: Hashable>(_ left: [T], _ right: [T]) -> [T] {
            left + right.filter { !left.contains($0) }
        }
        return PassthroughPlan(
            devices: lhs.devices + rhs.devices.filter { item in !lhs.devices.contains { $0.path == item.path } },
            rawLines: merged(lhs.rawLines, rhs.rawLines),
            notes: merged(lhs.notes, rhs.notes)
        )
    }
}
