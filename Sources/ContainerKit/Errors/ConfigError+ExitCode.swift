public import ConfigResolution
import ProxmoxAPI

extension ConfigError {
    /// The exit code every command gives a settings error: build.func's own where it has one (112 for the
    /// menu mode, 205 for an invalid container id), else 64.
    public var exitCode: BuildExitCode {
        if code == .invalidMode { return .invalidMenuOption }
        let onlyCTID = !rejections.isEmpty && rejections.allSatisfy { $0.variable == ConfigKey.ctid.variableName }
        return onlyCTID ? .invalidCTID : .usage
    }
}

extension BuildError {
    /// The one conversion of a settings error: its message after its gathered warnings, and `ConfigError.exitCode`.
    /// `context` (a stack file and container, say) leads the message when given.
    public init(_ error: ConfigError, context: String? = nil) {
        var message = context.map { "\($0): \(error.message)" } ?? error.message
        for warning in error.warnings.reversed() { message = "warning: \(warning)\n" + message }
        self.init(exitCode: error.exitCode, message: message)
    }

    /// Any error a workflow step may raise, as a ``BuildError``: itself, a settings error (``init(_:context:)``), an
    /// API error (its exit code from ``BuildExitCode/code(for:)``), else 1 with its description.
    public static func from(_ error: any Error) -> BuildError {
        if let error = error as? BuildError { return error }
        if let error = error as? ConfigError { return BuildError(error) }
        if let error = error as? ProxmoxError { return BuildError(exitCode: BuildExitCode.code(for: error), message: error.description) }
        return BuildError(exitCode: .general, message: String(describing: error))
    }
}
