/// The root file system, the `rootfs` option: `local-lvm:8` on create, `local-lvm:vm-100-disk-0,size=8G` after.
public struct RootFS: PropertyStringConvertible {
    public static let defaultKey: String? = "volume"
    private static let known: Set<String> = ["volume", "size", "acl", "mountoptions", "quota", "replicate", "ro", "shared"]

    /// `STORAGE:GiB` for a new volume, or an existing volume id.
    public var volume: String
    /// Size as PVE reports it (`8G`); read-only.
    public var size: String?
    /// ACL support.
    public var acl: Bool?
    /// Mount options (`noatime`, `nodev`, ...).
    public var mountOptions: [String]
    /// User quotas.
    public var quota: Bool?
    /// Include in replication.
    public var replicate: Bool?
    /// Read-only.
    public var readOnly: Bool?
    /// Shared.
    public var shared: Bool?
    /// Keys this version does not model.
    public var extra: [PropertyString.Entry]

    /// A new volume of `sizeGiB` on `storage` (`local-lvm:8`).
    public init(storage: String, sizeGiB: Int) {
        self.init(volume: "\(storage):\(sizeGiB)")
    }

    /// Makes a root file system entry.
    public init(
        volume: String, size: String? = nil, acl: Bool? = nil, mountOptions: [String] = [], quota: Bool? = nil,
        replicate: Bool? = nil, readOnly: Bool? = nil, shared: Bool? = nil, extra: [PropertyString.Entry] = []
    ) {
        self.volume = volume
        self.size = size
        self.acl = acl
        self.mountOptions = mountOptions
        self.quota = quota
        self.replicate = replicate
        self.readOnly = readOnly
        self.shared = shared
        self.extra = extra
    }

    public init(propertyString string: PropertyString) throws(ProxmoxError) {
        self.init(
            volume: try Self.require("volume", in: string, of: "rootfs"), size: string["size"], acl: string.flag("acl"),
            mountOptions: string.list("mountoptions"), quota: string.flag("quota"), replicate: string.flag("replicate"),
            readOnly: string.flag("ro"), shared: string.flag("shared"), extra: string.entries(notIn: Self.known))
    }

    public var propertyString: PropertyString {
        var string = PropertyString([PropertyString.Entry("volume", volume)])
        string.append("size", size)
        string.append("acl", acl)
        string.append("mountoptions", list: mountOptions)
        string.append("quota", quota)
        string.append("replicate", replicate)
        string.append("ro", readOnly)
        string.append("shared", shared)
        string.entries += extra
        return string
    }
}

/// A mount point, the `mpN` option: `local-lvm:16,mp=/data` or a bind mount `/srv/media,mp=/media`.
public struct MountPoint: PropertyStringConvertible {
    public static let defaultKey: String? = "volume"
    private static let known: Set<String> = ["volume", "mp", "backup"]

    /// The volume, new volume size (`storage:GiB`), or host path of a bind mount.
    public var volume: String
    /// Path inside the container.
    public var path: String
    /// Include in backups.
    public var backup: Bool?
    /// The options shared with ``RootFS`` (size, acl, mount options, quota, replicate, ro, shared) and unknown keys.
    public var common: RootFS

    /// Makes a mount point.
    public init(volume: String, path: String, backup: Bool? = nil, readOnly: Bool? = nil, mountOptions: [String] = []) {
        self.volume = volume
        self.path = path
        self.backup = backup
        self.common = RootFS(volume: volume, mountOptions: mountOptions, readOnly: readOnly)
    }

    /// `true` when the volume is a host path (a bind mount, root@pam only).
    public var isBindMount: Bool { volume.hasPrefix("/") }

    public init(propertyString string: PropertyString) throws(ProxmoxError) {
        volume = try Self.require("volume", in: string, of: "mount point")
        path = try Self.require("mp", in: string, of: "mount point")
        backup = string.flag("backup")
        var rest = string
        rest["mp"] = nil
        rest["backup"] = nil
        common = try RootFS(propertyString: rest)
    }

    public var propertyString: PropertyString {
        var shared = common
        shared.volume = volume
        var string = shared.propertyString
        string.entries.insert(PropertyString.Entry("mp", path), at: 1)
        if let backup { string.entries.insert(PropertyString.Entry("backup", backup ? "1" : "0"), at: 2) }
        return string
    }
}
