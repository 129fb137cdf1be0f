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
