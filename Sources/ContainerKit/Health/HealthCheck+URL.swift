import Foundation
import ProxmoxAPI

extension HealthCheck {
    /// `http[s]://HOST[:PORT][/PATH]` of plain characters, at most 2048: what is given to curl on the node.
    static func isSafeURL(_ url: String) -> Bool {
        url.count <= 2048
            && url.wholeMatch(of: #/https?:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-]*)(:[0-9]{1,5})?(\/[A-Za-z0-9._~\/%?=&+:@!,;*\-]*)?/#) != nil
    }

    /// Scheme, port and path of the last `http://${IP}:PORT` (or `https://`) in a catalog script: where the app
    /// answers, as the script prints it when the install ends. `nil` when the script names none.
    static func catalogURL(in script: String) -> (scheme: String, port: String?, path: String)? {
        let pattern = #/(https?):\/\/\$\{?IP\}?(?::([0-9]{1,5}))?(\/[A-Za-z0-9._~\/%?=&+\-]*)?/#
        guard let match = script.matches(of: pattern).last else { return nil }
        return (String(match.1), match.2.map(String.init), match.3.map(String.init) ?? "")
    }

    /// The URL to ask for container `ctid` at `address`, and where it came from (or why there is none).
    func url(app: String?, catalogDirectory: String?, address: String?) -> (String?, String) {
        if let url = options.url { return (url, "--health-url") }
        guard let app, CatalogFetcher.isAppID(app) else { return (nil, "no app in the notes") }
        guard let catalogDirectory else { return (nil, "no catalog for ct/\(app).sh") }
        let path = (catalogDirectory as NSString).appendingPathComponent("ct/\(app).sh")
        guard let script = try? String(contentsOfFile: path, encoding: .utf8) else { return (nil, "ct/\(app).sh cannot be read") }
        guard let found = Self.catalogURL(in: script) else { return (nil, "ct/\(app).sh names no http://${IP} URL") }
        guard let address else { return (nil, "ct/\(app).sh names \(found.scheme)://${IP}, and the container has no known address") }
        let host = address.contains(":") ? "[\(address)]" : address
        let url = "\(found.scheme)://\(host)" + (found.port.map { ":\($0)" } ?? "") + found.path
        guard Self.isSafeURL(url) else { return (nil, "the container's address is not one") }
        return (url, "ct/\(app).sh's \(found.scheme)://${IP}" + (found.port.map { ":\($0)" } ?? "") + found.path + " at the container's address")
    }

    /// The container's address: the static `ip=` of its configuration, else (running) its first interface's IPv4.
    func address(config: ContainerConfig, running: Bool, container: ContainerHandle) async -> String? {
        if let address = ContainerList.staticAddress(of: config) { return address }
        guard running, let interfaces = try? await container.interfaces() else { return nil }
        return interfaces.filter { $0.name != "lo" }.compactMap(\.inet).first.map { String($0.split(separator: "/").first ?? "") }
    }

    /// Asks `url` from the node with its `curl` (no proxy, certificates not checked: a self-signed app answers too,
    /// redirects not followed), within ``Options/urlTimeout``.
    func probe(_ url: String) async -> HealthItem {
        let seconds = Int(options.urlTimeout.components.seconds)
        let command = NodeCommand(
            ["curl", "--silent", "--insecure", "--noproxy", "*", "--proto", "=http,https", "--max-time", String(max(seconds, 1)),
             "--output", "/dev/null", "--write-out", "%{http_code} %{time_total}", "--", url],
            timeout: options.urlTimeout + .seconds(15), outputLimit: 4096)
        let result: CommandResult
        do throws(NodeShellError) {
            result = try await shell.run(command)
        } catch {
            return HealthItem(kind: .url, state: .unknown, reason: "\(url) could not be asked from the node (\(error.message))")
        }
        if result.exitCode == 127 { return HealthItem(kind: .url, state: .unknown, reason: "\(url) not asked: the node has no curl") }
        let words = result.output.split(separator: " ")
        let status = words.first.flatMap { Int($0) } ?? 0
        let time = words.count > 1 ? Double(words[1]) : nil
        guard status > 0 else {
            return HealthItem(kind: .url, state: .failed, reason: "\(url) does not answer (\(Self.curlFailure(result.exitCode)))", seconds: time)
        }
        let took = time.map { String(format: " in %.2f s", $0) } ?? ""
        if status >= 500 {
            return HealthItem(kind: .url, state: .failed, reason: "\(url) answered \(status)\(took)", httpStatus: status, seconds: time)
        }
        return HealthItem(kind: .url, state: .ok, reason: "\(url) answered \(status)\(took)", httpStatus: status, seconds: time)
    }

    /// curl's exit code in words.
    static func curlFailure(_ code: Int32) -> String {
        switch code {
        case 6: "its host name is not known"
        case 7: "connection refused or no route"
        case 28: "no answer within the time"
        case 35, 60: "TLS failed"
        case 52: "empty reply"
        case 56: "the connection was reset"
        default: "curl exit \(code)"
        }
    }
}
