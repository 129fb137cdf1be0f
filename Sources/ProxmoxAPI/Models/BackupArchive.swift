/// A backup archive as `GET /nodes/{node}/storage/{storage}/content?content=backup` lists it.
public struct BackupArchive: Sendable, Equatable {
    /// `local:backup/vzdump-lxc-101-2026_12_05-07_00_00.tar.zst`.
    public var volid: String
    /// Archive format (`tar.zst`, `tzst`, `tgz`...).
    public var format: String?
    /// Size in bytes.
    public var size: Int64?
    /// Creation time, Unix seconds.
    public var ctime: Int64?
    /// The guest it is a backup of.
    public var vmid: Int?
    /// The first line of its notes.
    public var notes: String?
    /// Whether it is protected (never pruned nor removed until that is lifted).
    public var isProtected: Bool
    /// The row as sent.
    public var raw: JSONValue

    /// The storage part of ``volid``.
    public var storage: String { String(volid.split(separator: ":", maxSplits: 1).first ?? "") }

    /// The file name part of ``volid`` (after `backup/`).
    public var fileName: String {
        let afterColon = volid.split(separator: ":", maxSplits: 1).last.map(String.init) ?? volid
        return afterColon.split(separator: "/").last.map(String.init) ?? afterColon
    }

    /// Whether it is a container's archive (`vzdump-lxc-...` or the older `vzdump-openvz-...`), not a VM's.
    public var isContainerArchive: Bool { fileName.hasPrefix("vzdump-lxc-") || fileName.hasPrefix("vzdump-openvz-") }

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        volid = try json.requireString("volid", in: "backup content row")
        format = json["format"]?.stringValue
        size = json["size"]?.countValue
        ctime = json["ctime"]?.countValue
        vmid = json["vmid"]?.intValue
        notes = json["notes"]?.stringValue
        isProtected = json["protected"]?.boolValue ?? false
        raw = json
        if vmid == nil { vmid = Self.owner(fileName) }
    }

    /// The guest id in a vzdump archive's name (`vzdump-lxc-101-...`), as PVE reads it when a row has no `vmid`.
    static func owner(_ fileName: String) -> Int? {
        let parts = fileName.split(separator: "-", maxSplits: 3)
        guard parts.count == 4, parts[0] == "vzdump", ["lxc", "openvz", "qemu"].contains(parts[1]) else { return nil }
        return Int(parts[2])
    }
}

/// What `POST /nodes/{node}/vzdump` is asked to do: back up guests of the node to a storage.
public struct VzdumpRequest: Sendable, Equatable {
    /// vzdump's `mode`.
    public enum Mode: String, Sendable, Equatable, CaseIterable, Codable {
        /// Live, from a snapshot where the storage can take one (else a suspend-like copy).
        case snapshot
        /// The container is suspended (frozen) while its files are copied.
        case suspend
        /// The container is stopped for the backup and started again.
        case stop
    }

    /// vzdump's `compress`.
    public enum Compression: String, Sendable, Equatable, CaseIterable, Codable {
        /// Zstandard (`.tar.zst`).
        case zstd
        /// gzip (`.tar.gz`).
        case gzip
        /// LZO (`.tar.lzo`).
        case lzo
        /// No compression (`.tar`): sent as `0`.
        case none

        /// The value `compress` takes.
        public var wireValue: String { self == .none ? "0" : rawValue }
    }

    /// The guests (PVE's vmid list); each must be on the node the request goes to.
    public var vmids: [Int]
    /// The storage the archives go to (content `backup`).
    public var storage: String
    /// Backup mode.
    public var mode: Mode
    /// Compression.
    public var compression: Compression
    /// Notes for each archive, as plain text (new lines and backslashes are escaped as the template wants them);
    /// `{{vmid}}`, `{{guestname}}`, `{{node}}` and `{{cluster}}` are replaced by PVE.
    public var notes: String?
    /// Marks each archive protected.
    public var isProtected: Bool

    /// A request; see the properties.
    public init(vmids: [Int], storage: String, mode: Mode = .snapshot, compression: Compression = .zstd, notes: String? = nil,
                isProtected: Bool = false) {
        self.vmids = vmids
        self.storage = storage
        self.mode = mode
        self.compression = compression
        self.notes = notes
        self.isProtected = isProtected
    }

    /// `notes` as vzdump's `notes-template` takes it: one line, new line written `\n` and backslash `\\`.
    public static func notesTemplate(_ notes: String) -> String {
        notes.replacing("\\", with: "\\\\").replacing("\r\n", with: "\\n").replacing("\n", with: "\\n")
    }

    /// The longest `notes-template` PVE takes.
    public static let notesTemplateLimit = 1024

    /// The request's parameters.
    public func parameters() -> [APIParameter] {
        var parameters = [
            APIParameter("vmid", .string(vmids.map(String.init).joined(separator: ","))), APIParameter("storage", .string(storage)),
            APIParameter("mode", .string(mode.rawValue)), APIParameter("compress", .string(compression.wireValue)),
        ]
        if let notes, !notes.isEmpty { parameters.append(APIParameter("notes-template", .string(Self.notesTemplate(notes)))) }
        if isProtected { parameters.append(APIParameter("protected", .bool(true))) }
        return parameters
    }
}
