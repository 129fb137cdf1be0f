public import HostProbe

/// What `probe --json` prints: the `HostReport`'s keys plus `passthrough`, the candidate passthrough plans.
public struct ProbeReport: Codable, Sendable, Equatable {
    /// The host's report.
    public var report: HostReport

    /// The document of `report`.
    public init(report: HostReport) {
        self.report = report
    }

    private enum CodingKeys: String, CodingKey {
        case passthrough
    }

    /// The report from the document's keys (`passthrough` follows from them and is not read back).
    public init(from decoder: any Decoder) throws {
        report = try HostReport(from: decoder)
    }

    /// The report's own keys, then `passthrough`.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(report.candidates, forKey: .passthrough)
    }
}
