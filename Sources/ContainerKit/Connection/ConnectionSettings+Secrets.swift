import ProxmoxAPI

extension ConnectionSettings {
    /// The values a log or a message must never show: the password, the TOTP code and the API token's secret.
    /// A token that does not parse (written the wrong way round, `SECRET=USER@REALM!ID`) is masked whole and in
    /// each `=`-separated part that is not a token id, so its secret is masked wherever it stands.
    public var secrets: [String] {
        var values = [password, otp].compactMap { $0 }
        if let apiToken {
            if let token = try? APIToken(parsing: apiToken) {
                values.append(token.secret)
            } else {
                values.append(apiToken)
                values += apiToken.split(separator: "=").map(String.init).filter { !Self.looksLikeTokenID($0) }
            }
        }
        return values.filter { !$0.isEmpty }
    }

    /// `user@realm!id`: the public half of a token.
    private static func looksLikeTokenID(_ text: String) -> Bool {
        let parts = text.split(separator: "!", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].contains("@") && !parts[1].isEmpty
    }
}
