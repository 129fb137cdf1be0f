extension ConfigKey {
    /// Whether the value is a URL that may carry a login (`http://user:secret@proxy:3128`): `var_http_proxy` and
    /// `var_apt_cacher_ip`. The value is passed on unchanged, but its user information is masked wherever it is
    /// shown (``displayText(_:)``, rejections) and is among the values logs mask (``secretParts(of:)``).
    public var mayHoldURLCredentials: Bool {
        self == .httpProxy || self == .aptCacherIP
    }

    /// The parts of `text`, a value of this key, that must never be shown: the whole value of a secret key; the user
    /// information of a URL (`user:secret`) and its password alone (`secret`); otherwise none. Empty parts are left out.
    public func secretParts(of text: String) -> [String] {
        if isSecret { return text.isEmpty ? [] : [text] }
        guard mayHoldURLCredentials, let range = Self.userinfoRange(in: text) else { return [] }
        let userinfo = String(text[range])
        let password = userinfo.firstIndex(of: ":").map { String(userinfo[userinfo.index(after: $0)...]) } ?? ""
        return [userinfo] + (password.isEmpty ? [] : [password])
    }

    /// `text` with the user information of a URL replaced by ``secretMask``: `http://********@proxy:3128`.
    static func maskingUserinfo(_ text: String) -> String {
        guard let range = userinfoRange(in: text) else { return text }
        return text.replacingCharacters(in: range, with: secretMask)
    }

    /// Where the user information of the URL `text` stands: after `scheme://` (or from the start when there is no
    /// scheme) up to the last `@`; `nil` when there is none or it is empty. The last `@` rather than the first `/`
    /// ends it, so a password holding an unencoded `/` or `@` is still covered (masking too much is harmless).
    static func userinfoRange(in text: String) -> Range<String.Index>? {
        let start = text.range(of: "://")?.upperBound ?? text.startIndex
        guard let at = text[start...].lastIndex(of: "@"), at > start else { return nil }
        return start..<at
    }
}
