/// One entry of `var_mounts`: a mount point of the container (PVE's `mpN`), either a new volume on a storage or a bind
/// mount of a host path, with PVE's `ro` and `backup` options and, for unprivileged containers, host ids that appear
/// unchanged inside (`uid=1000,gid=1000`).
///
/// Written as PVE writes `mpN`, one entry per mount, entries separated by `;`:
/// `local-lvm:8,mp=/data;/srv/media,mp=/media,ro=1,uid=1000,gid=1000`.
public struct MountPointSetting: Sendable, Hashable, CustomStringConvertible {
    /// What is mounted.
    public enum Volume: Sendable, Hashable {
        /// A new volume of `sizeGiB` GiB on `storage` (`local-lvm:8`).
        case storage(String, sizeGiB: Int)
        /// A directory of the node (`/srv/media`): a bind mount, which only root@pam may set.
        case hostPath(String)
    }

    /// What is mounted.
    public var volume: Volume
    /// Where it appears inside the container (`mp=`).
    public var path: String
    /// Read-only (`ro=1`); `nil` leaves PVE's default (read-write).
    public var readOnly: Bool?
    /// Whether backups include it (`backup=0|1`); `nil` leaves PVE's default (volumes yes, bind mounts never).
    public var backup: Bool?
    /// A host user id that appears as the same id inside an unprivileged container (`uid=`).
    public var uid: Int?
    /// A host group id that appears as the same id inside an unprivileged container (`gid=`).
    public var gid: Int?

    /// The most mount points a container may have: PVE's `mp0` to `mp255`.
    public static let maximumCount = 256
    /// The largest new volume: 131072 GiB (128 TiB).
    public static let maximumSizeGiB = 131_072
    /// The ids an unprivileged container sees: 0 to 65535 (PVE's default `root:100000:65536`); 0 is refused, as
    /// mapping the host's root into the container would make it privileged in all but name.
    public static let mappableIDs = 1...65_535
    /// The options accepted after the volume.
    public static let optionNames = ["mp", "ro", "backup", "uid", "gid"]

    /// A mount point.
    public init(volume: Volume, path: String, readOnly: Bool? = nil, backup: Bool? = nil, uid: Int? = nil, gid: Int? = nil) {
        self.volume = volume
        self.path = path
        self.readOnly = readOnly
        self.backup = backup
        self.uid = uid
        self.gid = gid
    }

    /// Whether it mounts a host path.
    public var isBindMount: Bool {
        if case .hostPath = volume { true } else { false }
    }

    /// The volume as PVE's `mpN` writes it: `local-lvm:8` or `/srv/media`.
    public var volumeText: String {
        switch volume {
        case .storage(let storage, let size): "\(storage):\(size)"
        case .hostPath(let path): path
        }
    }

    /// The entry as `var_mounts` holds it, options in the order PVE's `mpN` is sent (`mp`, `backup`, `ro`), then `uid`
    /// and `gid`: `/srv/media,mp=/media,backup=0,ro=1,uid=1000,gid=1000`.
    public var description: String {
        var items = [volumeText, "mp=\(path)"]
        if let backup { items.append("backup=\(backup ? 1 : 0)") }
        if let readOnly { items.append("ro=\(readOnly ? 1 : 0)") }
        if let uid { items.append("uid=\(uid)") }
        if let gid { items.append("gid=\(gid)") }
        return items.joined(separator: ",")
    }
}

extension MountPointSetting {
    /// The entries of a `var_mounts` value, separated by `;` (blank entries left out): each checked by
    /// ``parse(_:)``, at most ``maximumCount``, no mount path twice.
    /// - Throws: ``RuleViolation`` naming the entry (by its position and its mount path) and what is wrong.
    public static func parseList(_ text: String) throws(RuleViolation) -> [MountPointSetting] {
        let entries = text.split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard entries.count <= maximumCount else {
            throw RuleViolation("\(entries.count) mount points; at most \(maximumCount) (mp0 to mp\(maximumCount - 1))")
        }
        var mounts: [MountPointSetting] = []
        for (index, entry) in entries.enumerated() {
            let mount: MountPointSetting
            do {
                mount = try parse(entry)
            } catch {
                throw RuleViolation("entry \(index + 1) (mp\(index)): \(error.reason)")
            }
            if let earlier = mounts.firstIndex(where: { $0.path == mount.path }) {
                throw RuleViolation("entries \(earlier + 1) and \(index + 1) both mount at \(mount.path); each mount path once")
            }
            mounts.append(mount)
        }
        return mounts
    }

    /// One entry: `STORAGE:SIZE_GB` or an absolute host path (optionally as `volume=...`), then `mp=/path` and the
    /// options `ro`, `backup` (`0`/`1`, or another yes/no spelling), `uid` and `gid` (``mappableIDs``), each once.
    /// Paths are absolute, without `..`, `.`, empty components or characters other than letters, digits and
    /// `/ . _ - + @`, so nothing can reach PVE's property string but the values meant; trailing `/` is dropped.
    /// - Throws: ``RuleViolation`` naming what is wrong.
    public static func parse(_ text: String) throws(RuleViolation) -> MountPointSetting {
        var items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        var first = items.removeFirst()
        if first.hasPrefix("volume=") { first.removeFirst("volume=".count) }
        guard !first.isEmpty, !first.contains("=") else {
            throw RuleViolation("starts with '\(first)', not a volume; give STORAGE:SIZE_GB or a host path first")
        }
        let volume = try Self.volume(first)
        var options: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "=") else {
                throw RuleViolation(item.isEmpty ? "has an empty option (two commas)" : "has '\(item)' without a value; options are NAME=VALUE")
            }
            let name = String(item[..<equals]).lowercased()
            let value = String(item[item.index(after: equals)...])
            guard optionNames.contains(name) else {
                throw RuleViolation("has the unknown option '\(name)'; accepted: \(optionNames.joined(separator: ", "))"
                    + Spelling.hint(for: name, among: optionNames))
            }
            guard options[name] == nil else { throw RuleViolation("gives \(name)= twice") }
            options[name] = value
        }
        guard let mountPath = options["mp"] else { throw RuleViolation("has no mp=/path (where it appears inside the container)") }
        let path = try Self.path(mountPath, what: "mp")
        guard path != "/" else { throw RuleViolation("mounts at /, which is the root disk") }
        var mount = MountPointSetting(volume: volume, path: path)
        mount.readOnly = try options["ro"].map { (value) throws(RuleViolation) in try Self.flag(value, name: "ro") }
        mount.backup = try options["backup"].map { (value) throws(RuleViolation) in try Self.flag(value, name: "backup") }
        mount.uid = try options["uid"].map { (value) throws(RuleViolation) in try Self.id(value, name: "uid") }
        mount.gid = try options["gid"].map { (value) throws(RuleViolation) in try Self.id(value, name: "gid") }
        return mount
    }

    private static func volume(_ text: String) throws(RuleViolation) -> Volume {
        if text.hasPrefix("/") { return .hostPath(try path(text, what: "the host path")) }
        guard let colon = text.firstIndex(of: ":") else {
            throw RuleViolation("volume '\(text)' is neither STORAGE:SIZE_GB (local-lvm:8) nor an absolute host path")
        }
        let storage = String(text[..<colon])
        let size = String(text[text.index(after: colon)...])
        guard (try? SettingValidator.storageID(storage)) != nil else {
            throw RuleViolation("'\(storage)' is not a storage ID (a letter, then letters, digits, '-', '_' or '.')")
        }
        guard let sizeGiB = try? SettingValidator.integer(size, in: 1...maximumSizeGiB) else {
            throw RuleViolation("size '\(size)' of a new volume on \(storage) is not a whole number of GiB from 1 to \(maximumSizeGiB)")
        }
        return .storage(storage, sizeGiB: sizeGiB)
    }

    /// An absolute path without `.`/`..`/empty components or characters that could leave the value, without a trailing `/`.
    private static func path(_ text: String, what: String) throws(RuleViolation) -> String {
        guard text.hasPrefix("/") else { throw RuleViolation("\(what) '\(text)' is not an absolute path") }
        guard text.allSatisfy({ $0.isASCIIAlphanumeric || "/._-+@".contains($0) }) else {
            throw RuleViolation("\(what) '\(text)' holds characters other than letters, digits and / . _ - + @ "
                + "(a ',', '=', ';', quote or space would change what PVE reads)")
        }
        let components = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let trimmed = components.last == "" ? components.dropLast() : components[...]
        guard trimmed.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw RuleViolation("\(what) '\(text)' has a '..', '.' or empty component; give the plain absolute path")
        }
        return "/" + trimmed.joined(separator: "/")
    }

    private static func flag(_ text: String, name: String) throws(RuleViolation) -> Bool {
        guard let value = try? SettingValidator.flag(text) else { throw RuleViolation("\(name)='\(text)' is not 0 or 1") }
        return value
    }

    private static func id(_ text: String, name: String) throws(RuleViolation) -> Int {
        guard let value = try? SettingValidator.integer(text, in: mappableIDs) else {
            throw RuleViolation("\(name)='\(text)' is not a host id from \(mappableIDs.lowerBound) to \(mappableIDs.upperBound)")
        }
        return value
    }
}
