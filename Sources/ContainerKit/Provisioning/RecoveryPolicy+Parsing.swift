extension RecoveryPolicy {
    /// The policy an `--on-failure` value names.
    /// - Parameters:
    ///   - text: The value given: `remove`, `keep` or `retry-verbose`.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and the accepted ones.
    public init(parsing text: String, setting: String = "--on-failure") throws(BuildError) {
        guard let policy = RecoveryPolicy(rawValue: text) else {
            throw BuildError(exitCode: .usage,
                             message: "\(setting) '\(text)': must be one of \(RecoveryPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = policy
    }
}
