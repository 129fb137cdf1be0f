/// build.func's `ssh_check`: a warning when the run comes over SSH from outside the host's networks.
enum SSHSession {
    /// The client address in an `SSH_CLIENT` value (`192.168.1.50 51234 22`).
    static func clientAddress(_ sshClient: String) -> String? {
        sshClient.split(separator: " ").first.map(String.init)
    }

    /// Whether `client` is the host itself or in the same /24 as one of the host's IPv4
    /// `addresses` (`192.168.1.11/24`), as build.func decides.
    static func isLocal(_ client: String, hostAddresses: [String]) -> Bool {
        if ["127.0.0.1", "::1", "localhost"].contains(client) { return true }
        func prefix24(_ address: String) -> String? {
            let octets = address.split(separator: "/")[0].split(separator: ".")
            return octets.count == 4 ? octets.prefix(3).joined(separator: ".") : nil
        }
        let hosts = hostAddresses.map { String($0.split(separator: "/")[0]) }
        guard !hosts.contains(client) else { return true }
        return prefix24(client).map { client in hostAddresses.contains { prefix24($0) == client } } ?? false
    }

    /// The check: passed without `SSH_CLIENT` or from a local address, else a warning.
    static func check(environment: [String: String], bridges: [Bridge]) -> HostCheck {
        guard let value = environment["SSH_CLIENT"], let client = clientAddress(value) else {
            return HostCheck(name: .ssh, status: .passed, message: "not running over SSH")
        }
        if isLocal(client, hostAddresses: bridges.flatMap(\.addresses)) {
            return HostCheck(name: .ssh, status: .passed, message: "SSH from \(client), on the host's network")
        }
        return HostCheck(
            name: .ssh, status: .warning, message: "Running via external SSH (client \(client))",
            remedy: "Consider using the Proxmox shell or a session on the host's network"
        )
    }
}
