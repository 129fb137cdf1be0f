/// Why a value failed its key's rule.
public struct RuleViolation: Error, Sendable, Hashable {
    /// What is wrong with the value, in words (never quotes the value itself).
    public let reason: String

    /// A violation with the given reason.
    public init(_ reason: String) {
        self.reason = reason
    }
}

/// Checks raw text against each key's rule and turns it into a ``SettingValue``.
///
/// The rules are those build.func applies to `.vars` values, applied here to every layer, the environment
/// included. Checks that need the host (bridge exists, storage is active) belong to the caller that has the
/// host; this type only checks the spelling, except for time zones, which it looks up when given a lookup.
public struct SettingValidator: Sendable {
    /// Longest value accepted for any key, in Unicode scalars.
    public static let maximumLength = 4096

    /// Answers whether a zone name such as `Europe/Berlin` exists; `nil` checks the spelling only.
    public let timezoneExists: (@Sendable (String) -> Bool)?

    /// A validator; pass `timezoneExists` to check zone names against the host's zone database.
    public init(timezoneExists: (@Sendable (String) -> Bool)? = nil) {
        self.timezoneExists = timezoneExists
    }

    /// The typed value of `raw` for `key`, or `nil` when the value is empty (the key is then left unset).
    ///
    /// Surrounding whitespace is ignored, except in a password (`var_pw`), which is used exactly as given or
    /// refused: one with white space anywhere is refused, never trimmed into another password.
    /// - Throws: ``RuleViolation`` naming what is wrong.
    public func value(for key: ConfigKey, from raw: String) throws(RuleViolation) -> SettingValue? {
        let text = key == .password ? raw : raw.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        guard text.unicodeScalars.count <= Self.maximumLength else {
            throw RuleViolation("longer than \(Self.maximumLength) characters")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RuleViolation("contains a control character (NUL, tab, newline...)")
        }
        return try typedValue(for: key.rule, text)
    }

    /// The value of an app-specific key (``ConfigKey/isAppSpecificName(_:)``), unchanged, or `nil` when empty.
    /// It goes into the install script's environment only (never a command line), so the rule guards that
    /// channel: no line break, NUL or other control character, at most ``maximumLength`` characters.
    /// - Throws: ``RuleViolation`` naming what is wrong.
    public func appSpecificValue(from raw: String) throws(RuleViolation) -> String? {
        guard !raw.isEmpty else { return nil }
        guard raw.unicodeScalars.count <= Self.maximumLength else {
            throw RuleViolation("longer than \(Self.maximumLength) characters")
        }
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RuleViolation("contains a control character (NUL, tab, newline...)")
        }
        return raw
    }

    private func typedValue(for rule: ValueRule, _ text: String) throws(RuleViolation) -> SettingValue? {
        switch rule {
        case .integer(let range): return .integer(try Self.integer(text, in: range))
        case .yesNo: return .flag(try Self.flag(text), style: .yesNo)
        case .zeroOne: return .flag(try Self.flag(text), style: .zeroOne)
        case .choice(let choices): return .text(try Self.choice(text, among: choices))
        case .token: return .text(try Self.token(text))
        case .hostname: return .text(try Self.hostname(text))
        case .password: return .text(try Self.password(text))
        case .tags: return try Self.tags(text)
        case .bridge: return .text(try Self.bridge(text))
        case .vnet: return .text(try Self.vnet(text))
        case .network: return .network(try Self.network(text))
        case .ipv4Address: return .text(try Self.ipv4Address(text))
        case .mac: return .text(try Self.mac(text))
        case .nameservers: return try Self.nameservers(text)
        case .searchDomains: return try Self.searchDomains(text)
        case .aptCacherAddress: return .text(try Self.aptCacherAddress(text))
        case .httpProxy: return .text(try Self.httpProxy(text))
        case .noProxyList: return try Self.noProxyList(text)
        case .timezone: return .text(try timezone(text))
        case .mountList: return try Self.mountList(text)
        case .mountPoints:
            let mounts = try MountPointSetting.parseList(text)
            return mounts.isEmpty ? nil : .list(mounts.map(\.description), separator: ";")
        case .sshKey: return .text(try Self.sshKey(text))
        case .storageID: return .text(try Self.storageID(text))
        case .postInstall: return .text(try Self.postInstall(text))
        case .secretToken: return .text(try Self.secretToken(text))
        }
    }

    // MARK: - Shared rules

    static func integer(_ text: String, in range: ClosedRange<Int>) throws(RuleViolation) -> Int {
        guard text.allSatisfy(\.isASCIIDigit) else { throw RuleViolation("not a whole number") }
        let digits = text.drop { $0 == "0" }
        guard digits.count <= 12, let number = Int(digits.isEmpty ? "0" : String(digits)) else {
            throw RuleViolation("out of range")
        }
        guard range.contains(number) else { throw RuleViolation("\(number) is out of range") }
        return number
    }

    static func flag(_ text: String) throws(RuleViolation) -> Bool {
        switch text.lowercased() {
        case "yes", "1", "true", "on": return true
        case "no", "0", "false", "off": return false
        default: throw RuleViolation("not a yes/no value")
        }
    }

    static func choice(_ text: String, among choices: [String]) throws(RuleViolation) -> String {
        let lowered = text.lowercased()
        if choices.contains(lowered) { return lowered }
        // yes/no choices also take the other yes/no spellings.
        if choices.contains("yes"), let isOn = try? flag(text) { return isOn ? "yes" : "no" }
        throw RuleViolation("not one of \(choices.joined(separator: ", "))")
    }

    static func token(_ text: String) throws(RuleViolation) -> String {
        guard text.allSatisfy({ $0.isASCIIAlphanumeric || "._-".contains($0) }) else {
            throw RuleViolation("contains characters other than letters, digits, '.', '_' or '-'")
        }
        return text
    }

    static func secretToken(_ text: String) throws(RuleViolation) -> String {
        guard !text.contains(where: \.isWhitespace) else { throw RuleViolation("contains whitespace") }
        return text
    }

    /// Splits a list on commas and/or spaces, dropping empty items.
    static func items(_ text: String) -> [String] {
        text.split { $0 == "," || $0.isWhitespace }.map(String.init)
    }
}

extension Character {
    var isASCIIAlphanumeric: Bool {
        isASCII && (isLetter || isNumber)
    }
}

extension StringProtocol {
    /// The text without leading and trailing Unicode whitespace.
    func trimmingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
