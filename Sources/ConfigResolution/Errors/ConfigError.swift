/// The error every ConfigResolution operation throws.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidValue, unknownKey, unsafeFile, unreadableFile, writeFailed, invalidMode, invalidApp
            case missingAppDefaults, malformedAssignment
        }

        private let base: Base

        /// One or more values failed their rule (see ``ConfigError/rejections``).
        public static let invalidValue = Code(base: .invalidValue)
        /// A command-line key that is not a setting.
        public static let unknownKey = Code(base: .unknownKey)
        /// A `.vars` file that someone other than root may write (world-writable, owned by another user, or
        /// writable by a group other than root's), refused when running as root.
        public static let unsafeFile = Code(base: .unsafeFile)
        /// A file or folder that exists but cannot be read.
        public static let unreadableFile = Code(base: .unreadableFile)
        /// Writing a file failed.
        public static let writeFailed = Code(base: .writeFailed)
        /// An install mode that does not exist.
        public static let invalidMode = Code(base: .invalidMode)
        /// An app name that cannot name a defaults file.
        public static let invalidApp = Code(base: .invalidApp)
        /// App Defaults mode without an app defaults file.
        public static let missingAppDefaults = Code(base: .missingAppDefaults)
        /// A command-line setting that is not `KEY=VALUE`.
        public static let malformedAssignment = Code(base: .malformedAssignment)

        /// The code's name, such as `invalidValue`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, for the user; secrets masked.
    public let message: String
    /// The rejected values, for ``Code/invalidValue``.
    public let rejections: [ValueRejection]
    /// The warnings gathered before the failure, so a caller can still show them.
    public let warnings: [ConfigWarning]

    /// An error with the given parts.
    public init(code: Code, message: String, rejections: [ValueRejection] = [], warnings: [ConfigWarning] = []) {
        self.code = code
        self.message = message
        self.rejections = rejections
        self.warnings = warnings
    }

    /// An ``Code/invalidValue`` error listing every rejection.
    static func invalidValues(_ rejections: [ValueRejection], warnings: [ConfigWarning]) -> ConfigError {
        let lines = rejections.map { "  \($0)" }.joined(separator: "\n")
        let noun = rejections.count == 1 ? "setting is" : "settings are"
        return ConfigError(code: .invalidValue, message: "\(rejections.count) \(noun) not valid:\n\(lines)",
                           rejections: rejections, warnings: warnings)
    }

    /// The same error with `warnings` attached.
    func adding(warnings more: [ConfigWarning]) -> ConfigError {
        ConfigError(code: code, message: message, rejections: rejections, warnings: more + warnings)
    }

    /// The message, for people: the code's Swift name is for programs (``code``) and is not part of it.
    public var description: String {
        message
    }
}
