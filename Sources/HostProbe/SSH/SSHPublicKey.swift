/// A public key found on the host that can be offered for the container's root account
/// (build.func's wizard step 17).
public struct SSHPublicKey: Sendable, Codable, Hashable {
    /// The key types build.func accepts.
    public static let acceptedTypes: Set<String> = [
        "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// The key type, e.g. `ssh-ed25519`.
    public var type: String
    /// The base64 key blob.
    public var key: String
    /// The comment after the key, if any.
    public var comment: String?
    /// The file it was found in.
    public var file: String

    /// Creates a key.
    public init(type: String, key: String, comment: String? = nil, file: String) {
        self.type = type
        self.key = key
        self.comment = comment
        self.file = file
    }

    /// The line for `authorized_keys`: `type key comment`, without any option prefix.
    public var authorizedKeysLine: String { [type, key, comment].compactMap(\.self).joined(separator: " ") }

    /// The accepted keys in an `authorized_keys` or `.pub` text: option prefixes (`command="…",no-pty`)
    /// are skipped, CRLF is tolerated, comments and other key types are ignored.
    public static func parse(_ text: String, file: String) -> [SSHPublicKey] {
        text.split(whereSeparator: \.isNewline).compactMap { rawLine in
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.hasPrefix("#") else { return nil }
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let index = words.firstIndex(where: acceptedTypes.contains), index + 1 < words.count else {
                return nil
            }
            let comment = words.dropFirst(index + 2).joined(separator: " ")
            return SSHPublicKey(type: words[index], key: words[index + 1], comment: comment.isEmpty ? nil : comment, file: file)
        }
    }
}
