/// The kernel's per-user key limits and how much of them uid 100000 (the root of unprivileged
/// containers) uses: the numbers of build.func's `maxkeys_check`.
public struct KeyLimits: Sendable, Codable, Hashable {
    /// The uid whose usage is checked: root of unprivileged containers.
    public static let containerRootUID = 100_000

    /// `/proc/sys/kernel/keys/maxkeys`.
    public var maxKeys: Int
    /// `/proc/sys/kernel/keys/maxbytes`.
    public var maxBytes: Int
    /// Keys held by uid 100000 (`qnkeys` in `/proc/key-users`; 0 when it has none).
    public var usedKeys: Int
    /// Bytes held by uid 100000 (`qnbytes` in `/proc/key-users`; 0 when it has none).
    public var usedBytes: Int

    /// Creates the numbers.
    public init(maxKeys: Int, maxBytes: Int, usedKeys: Int, usedBytes: Int) {
        self.maxKeys = maxKeys
        self.maxBytes = maxBytes
        self.usedKeys = usedKeys
        self.usedBytes = usedBytes
    }

    /// Whether usage is over build.func's thresholds: keys above `maxkeys - 100` or bytes above
    /// `maxbytes - 1000`.
    public var isExceeded: Bool { usedKeys > maxKeys - 100 || usedBytes > maxBytes - 1000 }

    /// The `sysctl` lines build.func suggests for `/etc/sysctl.d/98-community-scripts.conf`: twice
    /// the current limits.
    public var suggestedSysctl: [String] {
        ["kernel.keys.maxkeys=\(maxKeys * 2)", "kernel.keys.maxbytes=\(maxBytes * 2)"]
    }

    /// Parses `/proc/key-users` for `uid`: lines `  uid: usage nkeys/nikeys qnkeys/maxkeys
    /// qnbytes/maxbytes`. Returns `(keys, bytes)` (`qnkeys`, `qnbytes`), `(0, 0)` when the uid has
    /// no line, `nil` when its line is malformed. Unlike build.func's `awk '/100000:/'`, uid
    /// 1100000 does not match.
    public static func parseUsage(_ keyUsers: String, uid: Int = containerRootUID) -> (keys: Int, bytes: Int)? {
        for line in keyUsers.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 5, fields[0] == "\(uid):" else { continue }
            let keys = fields[3].split(separator: "/").first.flatMap { Int($0) }
            let bytes = fields[4].split(separator: "/").first.flatMap { Int($0) }
            guard let keys, let bytes else { return nil }
            return (keys, bytes)
        }
        return (0, 0)
    }

    /// Reads the limits and usage; `nil` when a limit is unreadable or zero (build.func's exit 107).
    static func read(_ fileSystem: any FileSystem) -> KeyLimits? {
        guard let maxKeys = fileSystem.trimmedText(at: "/proc/sys/kernel/keys/maxkeys").flatMap({ Int($0) }),
            let maxBytes = fileSystem.trimmedText(at: "/proc/sys/kernel/keys/maxbytes").flatMap({ Int($0) }),
            maxKeys > 0, maxBytes > 0,
            let usage = parseUsage(fileSystem.text(at: "/proc/key-users") ?? "")
        else { return nil }
        return KeyLimits(maxKeys: maxKeys, maxBytes: maxBytes, usedKeys: usage.keys, usedBytes: usage.bytes)
    }
}
