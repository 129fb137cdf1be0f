/// An exit code lxc-build ends with: build.func's number (its `explain_exit_code` table) or one of lxc-build's own
/// (80-88), with a name for each code lxc-build uses (``usage``, ``createFailed``, ``updateRolledBack``...).
///
/// The one code type of ContainerKit and the command line: ``BuildError/exitCode``, the reports' `exitCode`
/// (encoded as the bare number, so `--json` documents show `"exitCode": 64`), ``documented`` and the
/// explanations all use it. An integer literal is an exit code too (`exitCode: 64`), so code written against
/// the raw numbers keeps compiling; prefer the named members.
public struct BuildExitCode: RawRepresentable, Hashable, Sendable, Codable, Comparable, ExpressibleByIntegerLiteral,
    LosslessStringConvertible {
    /// The process exit status.
    public let rawValue: Int32

    /// The code `rawValue`.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The code `value` (`exitCode: 64`).
    public init(integerLiteral value: Int32) {
        self.init(rawValue: value)
    }

    /// The code a decimal number names (`explain-exit 64`); `nil` for anything else.
    public init?(_ description: String) {
        guard let value = Int32(description) else { return nil }
        self.init(rawValue: value)
    }

    /// The number, as messages and tables print it.
    public var description: String { String(rawValue) }

    /// Whether this is success (0).
    public var isSuccess: Bool { rawValue == 0 }

    /// build.func's one-line explanation (``explanation(for:)``).
    public var explanation: String { Self.explanation(for: self) }

    /// build.func's category, or lxc-build's for its own codes (``category(for:)``).
    public var category: String { Self.category(for: self) }

    public static func < (lhs: BuildExitCode, rhs: BuildExitCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Encodes the bare number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Decodes the bare number.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(Int32.self))
    }
}

