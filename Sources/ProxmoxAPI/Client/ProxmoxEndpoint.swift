import Foundation

/// Where the API is: scheme, host and port. Accepts what users write in `PROXMOX_VE_ENDPOINT`
/// (`https://pve.example.com:8006/`, `pve.example.com`, `10.0.0.5:8006`, with or without `/api2/json`).
public struct ProxmoxEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` (or `http` for loopback tests).
    public let scheme: String
    /// Host name or address (IPv6 without brackets).
    public let host: String
    /// Port, 8006 unless given.
    public let port: Int

    /// Parses an endpoint.
    /// - Throws: ``ProxmoxError`` `.invalidArgument` naming the value and what is accepted.
    public init(parsing text: String) throws(ProxmoxError) {
        var candidate = text.trimmingCharacters(in: .whitespaces)
        if !candidate.contains("://") { candidate = "https://" + candidate }
        guard let components = URLComponents(string: candidate), let host = components.host, !host.isEmpty,
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            components.query == nil, components.user == nil,
            ["", "/", "/api2/json", "/api2/json/"].contains(components.path)
        else {
            throw ProxmoxError(
                .invalidArgument,
                message: "endpoint '\(text)' is not a Proxmox VE address; expected https://HOST[:PORT] "
                    + "(port 8006 by default), for example https://pve.example.com:8006")
        }
        let port = components.port ?? 8006
        guard (1...65535).contains(port) else {
            throw ProxmoxError(.invalidArgument, message: "endpoint '\(text)': port \(port) is out of range 1-65535")
        }
        self.scheme = scheme
        self.host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = port
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
}
