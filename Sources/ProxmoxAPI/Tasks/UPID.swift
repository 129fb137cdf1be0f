/// A Proxmox VE task id, `UPID:node:PID:PSTART:STARTTIME:type:id:user:`, parsed and validated.
///
/// `pid`, `pstart` and `starttime` are hex (8 digits; `pstart` may have 9); `id` may be empty
/// (vzdump); `user` carries `!tokenid` when an API token started the task.
public struct UPID: Sendable, Hashable, CustomStringConvertible {
    /// The node the task runs on: its status is polled there.
    public let node: String
    /// Worker process id.
    public let pid: UInt32
    /// Process start time in clock ticks since boot.
    public let pstart: UInt64
    /// Start time, Unix seconds.
    public let startTime: UInt32
    /// Task type (`vzcreate`, `vzstart`, `download`, ...).
    public let type: String
    /// Object id (a VMID, a template name), possibly empty.
    public let id: String
    /// `user@realm`, without the token part.
    public let user: String
    /// The token id when an API token started the task.
    public let tokenID: String?
    /// The text as PVE sent it.
    public let rawValue: String

    /// Parses a UPID.
    /// - Throws: ``ProxmoxError`` `.invalidArgument` naming the part that is wrong.
    public init(parsing text: String) throws(ProxmoxError) {
        func invalid(_ why: String) -> ProxmoxError {
            ProxmoxError(.invalidArgument, message: "'\(text)' is not a task id (UPID): \(why)")
        }
        guard text.hasPrefix("UPID:"), text.hasSuffix(":") else {
            throw invalid("expected UPID:node:pid:pstart:starttime:type:id:user:")
        }
        let fields = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 9, fields[8].isEmpty else {
            throw invalid("expected 8 fields separated by ':' and a final ':', found \(fields.count - 1)")
        }
        let node = fields[1]
        guard APIPath.isNodeName(node) else { throw invalid("node '\(node)' is not a node name") }
        guard fields[2].count == 8, let pid = UInt32(fields[2], radix: 16) else {
            throw invalid("pid '\(fields[2])' is not 8 hex digits")
        }
        guard (8...9).contains(fields[3].count), let pstart = UInt64(fields[3], radix: 16) else {
            throw invalid("pstart '\(fields[3])' is not 8 or 9 hex digits")
        }
        guard fields[4].count == 8, let startTime = UInt32(fields[4], radix: 16) else {
            throw invalid("starttime '\(fields[4])' is not 8 hex digits")
        }
        let forbidden: (Character) -> Bool = { $0 == "/" || $0.isWhitespace }
        guard !fields[5].isEmpty, !fields[5].contains(where: forbidden) else { throw invalid("type '\(fields[5])' is empty or invalid") }
        guard !fields[6].contains(where: forbidden) else { throw invalid("id '\(fields[6])' is invalid") }
        guard !fields[7].isEmpty, !fields[7].contains(where: forbidden) else { throw invalid("user '\(fields[7])' is empty or invalid") }
        let userParts = fields[7].split(separator: "!", maxSplits: 1).map(String.init)
        self.node = node
        self.pid = pid
        self.pstart = pstart
        self.startTime = startTime
        self.type = fields[5]
        self.id = fields[6]
        self.user = userParts[0]
        self.tokenID = userParts.count == 2 ? userParts[1] : nil
        self.rawValue = text
    }

    public var description: String { rawValue }
}
