// Rules for identity, features, storage and hook keys (build.func §1.1, §1.3, §1.4).
extension SettingValidator {
    /// Lowercases and removes spaces as build.func does, then applies RFC 1123 (FQDN allowed).
    static func hostname(_ text: String) throws(RuleViolation) -> String {
        let name = text.lowercased().filter { $0 != " " }
        guard isHostname(name) else {
            throw RuleViolation("not an RFC 1123 host name")
        }
        return name
    }

    static func isHostname(_ name: String) -> Bool {
        guard (1...253).contains(name.count) else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            label.count <= 63 && label.wholeMatch(of: #/[a-z0-9]([a-z0-9-]*[a-z0-9])?/#) != nil
        }
    }

    /// Strips a leading `--password ` or `-password ` and then all leading dashes, as build.func does.
    static func password(_ text: String) throws(RuleViolation) -> String {
        var rest = Substring(text)
        for prefix in ["--password ", "-password "] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        rest = rest.drop { $0 == "-" }
        guard !rest.isEmpty else { throw RuleViolation("nothing is left after removing leading dashes") }
        return String(rest)
    }

    static func tags(_ text: String) throws(RuleViolation) -> SettingValue? {
        guard text.wholeMatch(of: #/[a-zA-Z0-9_;-]+/#) != nil else {
            throw RuleViolation("contains characters other than letters, digits, '_', '-' and ';'")
        }
        let tags = text.split(separator: ";").map(String.init)
        return tags.isEmpty ? nil : .list(tags, separator: ";")
    }

    /// Removes spaces and outer commas, then requires a comma-separated list of letters and digits.
    static func mountList(_ text: String) throws(RuleViolation) -> SettingValue? {
        let compact = text.filter { !$0.isWhitespace }
        let trimmed = compact.drop { $0 == "," }.reversed().drop { $0 == "," }.reversed()
        let list = String(trimmed)
        guard !list.isEmpty else { return nil }
        guard list.wholeMatch(of: #/[a-zA-Z0-9]+(,[a-zA-Z0-9]+)*/#) != nil else {
            throw RuleViolation("not a comma-separated list of file-system names")
        }
        return .list(list.split(separator: ",").map(String.init), separator: ",")
    }

    /// `host`, or a zone that exists (when a lookup is given); `Etc/*` becomes `host` because pct rejects it.
    func timezone(_ text: String) throws(RuleViolation) -> String {
        if text == "host" || text.hasPrefix("Etc/") { return "host" }
        guard text.wholeMatch(of: #/[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*/#) != nil else {
            throw RuleViolation("not a time zone name")
        }
        if let timezoneExists, !timezoneExists(text) {
            throw RuleViolation("no such zone in /usr/share/zoneinfo")
        }
        return text
    }

    static let sshKeyTypes: Set<String> = [
        "ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// One public key line: optional options, then a key type, then base64 key material.
    static func sshKey(_ text: String) throws(RuleViolation) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard let typeIndex = words.firstIndex(where: { sshKeyTypes.contains(String($0)) }),
              typeIndex + 1 < words.count,
              words[typeIndex + 1].wholeMatch(of: #/[A-Za-z0-9+/]+={0,3}/#) != nil else {
            throw RuleViolation("not an OpenSSH public key line")
        }
        return text
    }

    static func storageID(_ text: String) throws(RuleViolation) -> String {
        guard text.wholeMatch(of: #/[A-Za-z]([A-Za-z0-9_.-]*[A-Za-z0-9])?/#) != nil else {
            throw RuleViolation("not a storage ID")
        }
        return text
    }

    static func postInstall(_ text: String) throws(RuleViolation) -> String {
        guard text.hasPrefix("/") else { throw RuleViolation("not an absolute path") }
        for pattern in [";", "$(", "`", "&&", "||"] where text.contains(pattern) {
            throw RuleViolation("contains '\(pattern)'")
        }
        return text
    }
}
