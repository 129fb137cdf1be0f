extension ConfigKey {
    /// Whether `variable` can name an app-specific key: a `var_` name bash accepts that is neither a setting nor
    /// one of build.func's control variables (``controlVariables``).
    public static func isAppSpecificName(_ variable: String) -> Bool {
        // `var_[A-Za-z0-9_]+`, checked by hand: a regex literal is parsed again each time it runs (~300k instructions).
        let utf8 = variable.utf8
        guard utf8.count > 4, variable.hasPrefix("var_"),
            utf8.dropFirst(4).allSatisfy({ $0 == UInt8(ascii: "_") || isASCIILetterOrDigit($0) })
        else { return false }
        return ConfigKey(variableName: variable) == nil && !controlVariables.contains(variable)
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Whether an app-specific key's name looks like it holds a secret (it contains `token`, `secret`,
    /// `password`, `pass`, `pw` or `key`): its value is then masked wherever it is shown.
    public static func looksSecret(_ variable: String) -> Bool {
        let lowered = variable.lowercased()
        return ["token", "secret", "password", "pass", "pw", "key"].contains { lowered.contains($0) }
    }

    /// `text` as it may be shown for `variable`, a setting or an app-specific key: masked when secret.
    public static func displayText(_ text: String, forVariable variable: String) -> String {
        if let key = ConfigKey(variableName: variable) { return key.displayText(text) }
        return looksSecret(variable) && !text.isEmpty ? secretMask : text
    }

    /// What an app-specific key accepts.
    public static let appSpecificAcceptedValues =
        "text without line breaks or control characters, at most 4096 bytes (passed unchanged to the install script)"
}
