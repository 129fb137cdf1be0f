extension NodeShellChoice {
    /// The choice a setting's value names, else the one detected on this machine (``detected(fileExists:)``): the rule
    /// of `--node-shell` for `create`, `apply` and `health`.
    /// - Parameters:
    ///   - text: The value given (`local`, `ssh://[user@]host[:port]`, `none`); `nil` detects.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting and why the value is not accepted.
    public static func chosen(_ text: String?, setting: String = "--node-shell") throws(BuildError) -> NodeShellChoice {
        guard let text else { return detected() }
        do throws(NodeShellError) {
            return try NodeShellChoice(parsing: text)
        } catch {
            throw BuildError(exitCode: .usage, message: "\(setting): \(error.message)")
        }
    }
}
