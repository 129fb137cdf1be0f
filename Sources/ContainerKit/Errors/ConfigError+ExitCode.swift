public import ConfigResolution

extension ConfigError {
    /// The exit code every command gives a settings error: build.func's own where it has one (112 for the
    /// menu mode, 205 for an invalid container id), else 64.
    public var exitCode: Int32 {
        if code == .invalidMode { return ExitCodes.invalidMenuOption }
        let onlyCTID = !rejections.isEmpty && rejections.allSatisfy { $0.variable == ConfigKey.ctid.variableName }
        return onlyCTID ? ExitCodes.invalidCTID : ExitCodes.usage
    }
}

extension BuildError {
    /// A settings error as every command reports it: its warnings, each on a `warning:` line, before its message,
    /// with ``ConfigError/exitCode``.
    public init(_ error: ConfigError) {
        var message = error.message
        for warning in error.warnings { message = "warning: \(warning)\n" + message }
        self.init(exitCode: error.exitCode, message: message)
    }
}
