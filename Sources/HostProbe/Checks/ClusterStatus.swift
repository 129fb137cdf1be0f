/// Whether the node is in a cluster and whether that cluster has quorum.
public struct ClusterStatus: Sendable, Codable, Hashable {
    /// Whether `/etc/pve/corosync.conf` exists.
    public var isClustered: Bool
    /// `Quorate:` from `pvecm status`; `nil` for a single node or when it could not be read.
    public var quorate: Bool?
    /// The cluster name, when `pvecm status` printed one.
    public var name: String?

    /// Creates a status.
    public init(isClustered: Bool, quorate: Bool? = nil, name: String? = nil) {
        self.isClustered = isClustered
        self.quorate = quorate
        self.name = name
    }

    /// Parses `pvecm status`: the `Quorate:` line (`Yes`/`No`) and the cluster `Name:`.
    public static func parse(pvecmStatus text: String) -> ClusterStatus {
        var status = ClusterStatus(isClustered: true)
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch parts[0].trimmingCharacters(in: .whitespaces) {
            case "Quorate": status.quorate = value.lowercased() == "yes"
            case "Name": status.name = value
            default: continue
            }
        }
        return status
    }
}
