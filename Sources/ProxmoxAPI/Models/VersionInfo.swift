/// `GET /version`.
public struct VersionInfo: Sendable, Equatable {
    /// Full version: `8.4.1` (PVE 8+), `7.2-3` (PVE 7).
    public var version: String
    /// Release: `8.4`.
    public var release: String
    /// Repository commit id.
    public var repoid: String?
    /// Major version, parsed from ``version``.
    public var major: Int?
    /// Minor version, parsed from ``version``.
    public var minor: Int?
    /// The answer as sent.
    public var raw: JSONValue

    /// Reads the answer.
    public init(json: JSONValue) throws(ProxmoxError) {
        version = try json.requireString("version", in: "version answer")
        release = json["release"]?.stringValue ?? ""
        repoid = json["repoid"]?.stringValue
        let numbers = version.split(whereSeparator: { $0 == "." || $0 == "-" }).map { Int($0) }
        major = numbers.first ?? nil
        minor = numbers.count > 1 ? numbers[1] : nil
        raw = json
    }
}
