/// A row of `GET /nodes/{node}/storage`, or the answer of `.../storage/{storage}/status`.
public struct StorageSummary: Sendable, Equatable {
    /// Storage id.
    public var storage: String
    /// Plugin type (`dir`, `lvmthin`, `zfspool`, `nfs`, `pbs`...).
    public var type: String
    /// Content types (`rootdir`, `vztmpl`, `images`, `iso`, `backup`...).
    public var content: [String]
    /// Whether it is active and enabled on this node.
    public var active: Bool
    /// Enabled for this node.
    public var enabled: Bool
    /// Shared between nodes.
    public var shared: Bool
    /// Bytes in all, used and available.
    public var total: Int64?
    /// Bytes used.
    public var used: Int64?
    /// Bytes available.
    public var available: Int64?
    /// The row as sent.
    public var raw: JSONValue

    /// Used share, 0-1, from `used_fraction` or `used/total`.
    public var usedFraction: Double? {
        if let fraction = raw["used_fraction"]?.doubleValue { return fraction }
        guard let total, let used, total > 0 else { return nil }
        return Double(used) / Double(total)
    }

    /// Reads a row; `storage` names the storage when the answer does not (`.../status`).
    public init(json: JSONValue, storage: String? = nil) throws(ProxmoxError) {
        guard let name = json["storage"]?.stringValue ?? storage else {
            throw ProxmoxError(.decoding, message: "storage row has no 'storage': \(json.serialized().prefix(200))")
        }
        self.storage = name
        type = json["type"]?.stringValue ?? ""
        content = json.list("content")
        active = json["active"]?.boolValue ?? false
        enabled = json["enabled"]?.boolValue ?? true
        shared = json["shared"]?.boolValue ?? false
        total = json["total"]?.countValue
        used = json["used"]?.countValue
        available = json["avail"]?.countValue
        raw = json
    }
}

/// A row of `GET /nodes/{node}/storage/{storage}/content`.
public struct StorageContentItem: Sendable, Equatable {
    /// `local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst`.
    public var volid: String
    /// `vztmpl`, `rootdir`, `images`, `iso`, `backup`.
    public var content: String
    /// `tzst`, `txz`, `tgz`, `raw`, `subvol`...
    public var format: String?
    /// Size in bytes.
    public var size: Int64?
    /// Creation time, Unix seconds.
    public var ctime: Int64?
    /// Owning guest.
    public var vmid: Int?
    /// The row as sent.
    public var raw: JSONValue

    /// The file name part of ``volid`` (after `vztmpl/`).
    public var fileName: String {
        let afterColon = volid.split(separator: ":", maxSplits: 1).last.map(String.init) ?? volid
        return afterColon.split(separator: "/").last.map(String.init) ?? afterColon
    }

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        volid = try json.requireString("volid", in: "storage content row")
        content = json["content"]?.stringValue ?? ""
        format = json["format"]?.stringValue
        size = json["size"]?.countValue
        ctime = json["ctime"]?.countValue
        vmid = json["vmid"]?.intValue
        raw = json
    }
}

/// A row of `GET /nodes/{node}/aplinfo`, the appliance (template) catalog.
public struct ApplianceTemplate: Sendable, Equatable {
    /// File name, the value `POST .../aplinfo` takes as `template`.
    public var template: String
    /// Package name (`debian-12-standard`).
    public var package: String?
    /// OS (`debian-12`, `ubuntu-24.04`, `alpine-3.21`).
    public var os: String?
    /// Package version (`12.7-1`).
    public var version: String?
    /// Catalog section (`system`, `turnkeylinux`, `mail`).
    public var section: String?
    /// Architecture (`amd64`, `arm64`).
    public var architecture: String?
    /// One-line description.
    public var headline: String?
    /// Download location.
    public var location: String?
    /// SHA-512 of the file.
    public var sha512sum: String?
    /// The row as sent.
    public var raw: JSONValue

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        template = try json.requireString("template", in: "appliance row")
        package = json["package"]?.stringValue
        os = json["os"]?.stringValue
        version = json["version"]?.stringValue
        section = json["section"]?.stringValue
        architecture = json["architecture"]?.stringValue
        headline = json["headline"]?.stringValue
        location = json["location"]?.stringValue
        sha512sum = json["sha512sum"]?.stringValue
        raw = json
    }
}

/// A row of `GET /pools`.
public struct Pool: Sendable, Equatable {
    /// Pool id.
    public var poolid: String
    /// Comment.
    public var comment: String?
    /// The row as sent.
    public var raw: JSONValue

    /// Reads a row.
    public init(json: JSONValue) throws(ProxmoxError) {
        poolid = try json.requireString("poolid", in: "pool row")
        comment = json["comment"]?.stringValue
        raw = json
    }
}
