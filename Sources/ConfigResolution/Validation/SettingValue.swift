/// A validated, typed setting value.
public enum SettingValue: Sendable, Hashable {
    /// Free text that passed the key's rule (already normalized, e.g. a lowercased host name).
    case text(String)
    /// A whole number within the key's range.
    case integer(Int)
    /// A switch; `style` keeps build.func's spelling for the key (`yes`/`no` or `1`/`0`).
    case flag(Bool, style: FlagStyle)
    /// A list, written with `separator` between the items.
    case list([String], separator: String)
    /// The IPv4 configuration of `var_net`.
    case network(NetworkSetting)

    /// How a switch is spelled in build.func's files.
    public enum FlagStyle: Sendable, Hashable {
        /// `yes` / `no`.
        case yesNo
        /// `1` / `0`.
        case zeroOne
    }

    /// The canonical spelling, as written to a `.vars` file and passed on; never masked.
    public var canonicalText: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .flag(let isOn, .yesNo): isOn ? "yes" : "no"
        case .flag(let isOn, .zeroOne): isOn ? "1" : "0"
        case .list(let items, let separator): items.joined(separator: separator)
        case .network(let network): network.description
        }
    }

    /// The number, when the value is an integer.
    public var integerValue: Int? {
        if case .integer(let number) = self { number } else { nil }
    }

    /// The switch state, when the value is a switch.
    public var flagValue: Bool? {
        if case .flag(let isOn, _) = self { isOn } else { nil }
    }

    /// The items, when the value is a list.
    public var listValue: [String]? {
        if case .list(let items, _) = self { items } else { nil }
    }

    /// The IPv4 configuration, when the value is one.
    public var networkValue: NetworkSetting? {
        if case .network(let network) = self { network } else { nil }
    }
}

extension ConfigKey {
    /// The text shown instead of a secret value.
    public static let secretMask = "********"

    /// `text` as it may be displayed for this key: ``secretMask`` for secrets (unless empty), a URL's user
    /// information masked (``mayHoldURLCredentials``), else unchanged.
    public func displayText(_ text: String) -> String {
        if isSecret { return text.isEmpty ? text : Self.secretMask }
        return mayHoldURLCredentials ? Self.maskingUserinfo(text) : text
    }
}
