/// A device passed into the container, the `devN` option (PVE ≥ 8.1, root@pam only):
/// `/dev/dri/renderD128,gid=104,mode=0660`.
public struct DevicePassthrough: PropertyStringConvertible {
    public static let defaultKey: String? = "path"
    private static let known: Set<String> = ["path", "uid", "gid", "mode", "deny-write"]

    /// Device node on the host.
    public var path: String
    /// Owner inside the container.
    public var uid: Int?
    /// Group inside the container (the `render` or `video` group's GID).
    public var gid: Int?
    /// Access mode, four octal digits (`0660`).
    public var mode: String?
    /// Read-only access.
    public var denyWrite: Bool?
    /// Keys this version does not model.
    public var extra: [PropertyString.Entry]

    /// Makes a device entry.
    public init(
        path: String, uid: Int? = nil, gid: Int? = nil, mode: String? = nil, denyWrite: Bool? = nil,
        extra: [PropertyString.Entry] = []
    ) {
        self.path = path
        self.uid = uid
        self.gid = gid
        self.mode = mode
        self.denyWrite = denyWrite
        self.extra = extra
    }

    public init(propertyString string: PropertyString) throws(ProxmoxError) {
        self.init(
            path: try Self.require("path", in: string, of: "device"), uid: string.integer("uid"),
            gid: string.integer("gid"), mode: string["mode"], denyWrite: string.flag("deny-write"),
            extra: string.entries(notIn: Self.known))
    }

    public var propertyString: PropertyString {
        var string = PropertyString([PropertyString.Entry("path", path)])
        string.append("uid", uid)
        string.append("gid", gid)
        string.append("mode", mode)
        string.append("deny-write", denyWrite)
        string.entries += extra
        return string
    }
}

/// Container features, the `features` option: `nesting=1,keyctl=1,mount=nfs;cifs`.
/// Only `nesting` may be set by anyone but root@pam.
public struct Features: PropertyStringConvertible {
    public static let defaultKey: String? = nil
    private static let known: Set<String> = ["nesting", "keyctl", "fuse", "mknod", "mount", "force_rw_sys"]

    /// Nested containers (and systemd ≥ 255 in the guest).
    public var nesting: Bool?
    /// keyctl() for unprivileged containers (Docker).
    public var keyctl: Bool?
    /// FUSE file systems.
    public var fuse: Bool?
    /// mknod() of allowed device nodes.
    public var mknod: Bool?
    /// File system types the container may mount.
    public var mount: [String]
    /// /sys read-write in unprivileged containers.
    public var forceRwSys: Bool?
    /// Keys this version does not model.
    public var extra: [PropertyString.Entry]

    /// Makes a feature set.
    public init(
        nesting: Bool? = nil, keyctl: Bool? = nil, fuse: Bool? = nil, mknod: Bool? = nil, mount: [String] = [],
        forceRwSys: Bool? = nil, extra: [PropertyString.Entry] = []
    ) {
        self.nesting = nesting
        self.keyctl = keyctl
        self.fuse = fuse
        self.mknod = mknod
        self.mount = mount
        self.forceRwSys = forceRwSys
        self.extra = extra
    }

    /// `true` when anything beyond `nesting` is set: PVE then requires root@pam.
    public var needsRoot: Bool {
        keyctl == true || fuse == true || mknod == true || !mount.isEmpty || forceRwSys == true || !extra.isEmpty
    }

    public init(propertyString string: PropertyString) throws(ProxmoxError) {
        self.init(
            nesting: string.flag("nesting"), keyctl: string.flag("keyctl"), fuse: string.flag("fuse"),
            mknod: string.flag("mknod"), mount: string.list("mount"), forceRwSys: string.flag("force_rw_sys"),
            extra: string.entries(notIn: Self.known))
    }

    public var propertyString: PropertyString {
        var string = PropertyString()
        string.append("nesting", nesting)
        string.append("keyctl", keyctl)
        string.append("fuse", fuse)
        string.append("mknod", mknod)
        string.append("mount", list: mount)
        string.append("force_rw_sys", forceRwSys)
        string.entries += extra
        return string
    }
}
