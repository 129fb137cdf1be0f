import Foundation

/// How the client proves who it is.
public enum Credentials: Sendable, Hashable, CustomStringConvertible {
    /// An API token: stateless, no CSRF, never root@pam's root-only rights.
    case apiToken(APIToken)
    /// A user and password (ticket login). `totp` completes a two-factor login when the account needs it.
    case password(username: String, password: String, totp: String? = nil)

    /// The user or token id, secrets masked.
    public var description: String {
        switch self {
        case .apiToken(let token): return token.description
        case .password(let username, _, let totp):
            return "\(username) (password ********\(totp == nil ? "" : ", TOTP ******"))"
        }
    }

    /// The identity requests run as: `root@pam` or `user@realm!tokenid`.
    public var identity: String {
        switch self {
        case .apiToken(let token): return token.tokenID
        case .password(let username, _, _): return username.contains("@") ? username : username + "@pam"
        }
    }
}

/// A PVE API token, `USER@REALM!TOKENID=SECRET` as `PROXMOX_VE_API_TOKEN` spells it.
public struct APIToken: Sendable, Hashable, CustomStringConvertible {
    /// `user@realm!tokenid`.
    public let tokenID: String
    /// The token secret (a UUID). Never printed.
    public let secret: String

    /// Parses `USER@REALM!TOKENID=SECRET`.
    /// - Throws: ``ProxmoxError`` `.invalidArgument`; the message never contains the secret.
    public init(parsing text: String) throws(ProxmoxError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let withoutPrefix = trimmed.hasPrefix("PVEAPIToken=") ? String(trimmed.dropFirst(12)) : trimmed
        guard let equals = withoutPrefix.firstIndex(of: "=") else {
            throw APIToken.invalid("it has no '=SECRET' part")
        }
        let tokenID = String(withoutPrefix[..<equals])
        let secret = String(withoutPrefix[withoutPrefix.index(after: equals)...])
        let parts = tokenID.split(separator: "!", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[0].contains("@"), !parts[0].hasPrefix("@"),
            !parts[0].hasSuffix("@"), tokenID.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else {
            // Not echoed: a token written the wrong way round (SECRET=USER@REALM!TOKENID) has its secret here.
            throw APIToken.invalid("the part before the first '=' is not USER@REALM!TOKENID (the secret comes last)")
        }
        guard !secret.isEmpty, secret.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "," && $0 != ";" }) else {
            throw APIToken.invalid("the secret after '=' is empty or has spaces or control characters")
        }
        self.tokenID = tokenID
        self.secret = secret
    }

    /// Makes a token from its parts.
    public init(tokenID: String, secret: String) {
        self.tokenID = tokenID
        self.secret = secret
    }

    /// `user@realm!tokenid=********`.
    public var description: String { "\(tokenID)=********" }

    /// The `Authorization` header value.
    var authorizationValue: String { "PVEAPIToken=\(tokenID)=\(secret)" }

    private static func invalid(_ reason: String) -> ProxmoxError {
        ProxmoxError(
            .invalidArgument,
            message: "the API token in PROXMOX_VE_API_TOKEN (not shown: it holds a secret) is refused: \(reason); "
                + "expected USER@REALM!TOKENID=SECRET, "
                + "for example root@pam!lxc-build=********-****-****-****-************")
    }
}
