// Rules for identity, features, storage and hook keys: build.func's `.vars` and wizard checks, applied to every layer.
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

    /// build.func's rules for `PW`, without its silent changes: the password is used exactly as written (never
    /// trimmed), after a leading `--password ` or `-password ` (the form build.func keeps `PW` in, which no valid
    /// password can have, as it holds a space). It must hold no white space and at least ``minimumPasswordLength``
    /// characters (build.func's wizard; also Proxmox VE's minimum), and not start with `-`: build.func removes
    /// leading dashes, so the container would get another password than the one written.
    static func password(_ text: String) throws(RuleViolation) -> String {
        var rest = Substring(text)
        for prefix in ["--password ", "-password "] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        guard !rest.contains(where: \.isWhitespace) else {
            throw RuleViolation("contains a space or other white space (build.func's rule: no spaces)")
        }
        guard !rest.hasPrefix("-") else {
            throw RuleViolation("starts with '-', which build.func removes, so it would set another password")
        }
        guard rest.unicodeScalars.count >= minimumPasswordLength else {
            throw RuleViolation("fewer than \(minimumPasswordLength) characters")
        }
        return String(rest)
    }

    /// The shortest root password build.func's wizard and Proxmox VE (`password`: `minLength 5`) accept.
    static let minimumPasswordLength = 5

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
