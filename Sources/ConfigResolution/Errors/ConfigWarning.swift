/// A problem that did not stop resolution: a skipped line, an unknown key, an overridden recommendation.
public struct ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A `.vars` line that is not a `KEY=VALUE` assignment.
        case malformedLine
        /// A `var_*` key that is not a setting (or not allowed where it appeared).
        case unknownKey
        /// A key set twice in one file; the last one wins.
        case duplicateKey
        /// A value that failed its rule in a file; the line was skipped.
        case invalidValue
        /// A user value below the app's recommendation.
        case belowRecommendation
        /// A value that has no effect given another setting.
        case ignoredValue
        /// A combination build.func warns about.
        case advisory
        /// A key an app's script may not set (see ``ConfigKey/isAppDeclarable``); ignored.
        case notAllowedFromApp
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// The variable concerned, when there is one (not necessarily a known key).
    public let variable: String?
    /// Where the problem is.
    public let source: SettingSource?
    /// The full message, secrets masked.
    public let message: String

    /// A warning with the given parts; `message` must already be masked.
    public init(kind: Kind, variable: String?, source: SettingSource?, message: String) {
        self.kind = kind
        self.variable = variable
        self.source = source
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
