import Foundation

/// Where the API is: scheme, host and port. Accepts what users write in `PROXMOX_VE_ENDPOINT`
/// (`https://pve.example.com:8006/`, `pve.example.com`, `10.0.0.5:8006`, `https://[fd00::5]:8006`, with or
/// without `/api2/json`), and nothing else (see ``init(parsing:setting:)``).
public struct ProxmoxEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` (or `http` for loopback tests).
    public let scheme: String
    /// Host name or address (IPv6 without brackets).
    public let host: String
    /// Port, 8006 unless given.
    public let port: Int

    /// What an endpoint may be, for error messages.
    public static let acceptedForm =
        "accepted: https://HOST[:PORT][/api2/json], HOST a name (pve.example.com), an IPv4 address or an IPv6 "
        + "address in brackets, port 8006 by default; nothing else (no user or password, query, fragment, "
        + "%-escape, space or control character)"

    /// Parses an endpoint strictly: an optional `https://` (`http://`, which only a loopback transport for
    /// tests accepts), a host name, a dotted IPv4 address or a bracketed IPv6 address, an optional port, and an
    /// optional path `/` or `/api2/json`. Anything else is refused rather than guessed at: a `%23` in the host,
    /// once decoded, would start a fragment and send the request (and its credentials) to another host.
    /// - Parameters:
    ///   - text: The value as given.
    ///   - setting: The variable or flag it came from, named in the error.
    /// - Throws: ``ProxmoxError`` `.invalidArgument` naming the setting, the value (a user name, password,
    ///   query or fragment in it masked) and what is accepted.
    public init(parsing text: String, setting: String = "PROXMOX_VE_ENDPOINT") throws(ProxmoxError) {
        let parts: EndpointParts
        switch EndpointParts.parse(text) {
        case .success(let parsed): parts = parsed
        case .failure(let refusal):
            throw ProxmoxError(
                .invalidArgument,
                message: "\(setting) \(Self.shown(text)) is not a Proxmox VE address: \(refusal.reason); \(Self.acceptedForm)",
                hint: "For example \(setting == "PROXMOX_VE_ENDPOINT" ? "PROXMOX_VE_ENDPOINT=" : "\(setting) ")"
                    + "https://pve.example.com:8006; credentials go in PROXMOX_VE_API_TOKEN or "
                    + "PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD, never in the address.")
        }
        scheme = parts.scheme
        host = parts.host
        port = parts.port
    }

    /// `https://host:port`.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shownHost):\(port)"
    }

    /// The API base URL, `https://host:port/api2/json`.
    public var apiBase: String { description + "/api2/json" }

    /// `true` for 127.0.0.0/8, `::1` and `localhost`.
    public var isLoopback: Bool { LoopbackHost.isLoopback(host) }

    /// `text` as an error message may show it: quoted, control characters escaped, and whatever could be a
    /// secret (the part before an `@`, a query, a fragment) replaced by `********`.
    public static func shown(_ text: String) -> String {
        var masked = Substring(text)
        let start = masked.range(of: "://")?.upperBound ?? masked.startIndex
        if let at = masked[start...].lastIndex(of: "@") {
            masked = masked[..<start] + "********" + masked[at...]
        }
        if let query = masked.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            masked = masked[...query] + "********"
        }
        let escaped = masked.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return "'" + escaped.joined() + "'"
    }
}
