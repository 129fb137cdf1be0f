// Rules for the network keys: build.func's `.vars` and wizard checks, applied to every layer (the environment too).
extension SettingValidator {
    static func network(_ text: String) throws(RuleViolation) -> NetworkSetting {
        if text.lowercased() == "dhcp" { return .dhcp }
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            guard let interface = IPv4Interface(text) else {
                throw RuleViolation("not dhcp and not an IPv4 address with a prefix of 1-32")
            }
            return .fixed(interface)
        case 2:
            guard let from = IPv4Interface(ends[0]), let to = IPv4Interface(ends[1]) else {
                throw RuleViolation("a range needs an IPv4 address with prefix on both sides of '-'")
            }
            guard from.address <= to.address else { throw RuleViolation("the range ends before it starts") }
            return .range(from: from, to: to)
        default:
            throw RuleViolation("not dhcp, an address or a single range")
        }
    }

    static func ipv4Address(_ text: String) throws(RuleViolation) -> String {
        guard !text.contains("/") else { throw RuleViolation("a gateway takes no prefix") }
        guard let address = IPv4Address(text) else { throw RuleViolation("not an IPv4 address") }
        return address.description
    }

    static func mac(_ text: String) throws(RuleViolation) -> String {
        guard text.wholeMatch(of: #/([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}/#) != nil else {
            throw RuleViolation("not a MAC address")
        }
        return text
    }

    static func nameservers(_ text: String) throws(RuleViolation) -> SettingValue? {
        let servers = items(text)
        for server in servers where IPv4Address(server) == nil && !isIPv6Address(server) {
            throw RuleViolation("'\(server)' is not an IPv4 or IPv6 address")
        }
        return servers.isEmpty ? nil : .list(servers, separator: " ")
    }

    static func searchDomains(_ text: String) throws(RuleViolation) -> SettingValue? {
        let domains = items(text)
        for domain in domains where !isHostname(domain.lowercased()) {
            throw RuleViolation("'\(domain)' is not a domain name")
        }
        return domains.isEmpty ? nil : .list(domains, separator: " ")
    }

    static func aptCacherAddress(_ text: String) throws(RuleViolation) -> String {
        guard text.wholeMatch(of: #/(https?://)?[a-zA-Z0-9._-]+(:[0-9]+)?(/.*)?/#) != nil else {
            throw RuleViolation("not a host, IP or http(s) URL")
        }
        return text
    }

    static func httpProxy(_ text: String) throws(RuleViolation) -> String {
        guard text.wholeMatch(of: #/https?://\S+/#) != nil else {
            throw RuleViolation("not an http:// or https:// URL")
        }
        return text
    }

    static func noProxyList(_ text: String) throws(RuleViolation) -> SettingValue? {
        guard text.wholeMatch(of: #/[a-zA-Z0-9.*_:/-]+(,[a-zA-Z0-9.*_:/-]+)*/#) != nil else {
            throw RuleViolation("not a comma-separated list of hosts")
        }
        return .list(text.split(separator: ",").map(String.init), separator: ",")
    }

    static func bridge(_ text: String) throws(RuleViolation) -> String {
        guard text.wholeMatch(of: #/[A-Za-z0-9][A-Za-z0-9_.-]{0,14}/#) != nil else {
            throw RuleViolation("not a network interface name")
        }
        return text
    }

    static func vnet(_ text: String) throws(RuleViolation) -> String {
        guard text.wholeMatch(of: #/[A-Za-z][A-Za-z0-9]{0,7}/#) != nil else {
            throw RuleViolation("not an SDN VNet ID")
        }
        return text
    }

    /// Hex groups and colons, at least one colon, at most one `::`, groups of at most four digits,
    /// an optional prefix of 1-128.
    /// - Parameter text: `fd00::5/64`, `fd00::1`.
    /// - Returns: Whether `text` is such an address (so it holds no `,`, `=`, space or shell character).
    public static func isIPv6Address(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (1...128).contains(prefix), parts[1].allSatisfy(\.isASCIIDigit)
            else { return false }
        }
        let address = parts[0]
        guard address.contains(":"), address.allSatisfy({ $0 == ":" || $0.isHexDigit }),
              address.ranges(of: "::").count <= 1 else { return false }
        let groups = address.split(separator: ":", omittingEmptySubsequences: true)
        return groups.count <= 8 && groups.allSatisfy { $0.count <= 4 }
            && !address.contains(":::")
    }
}
