extension Int {
    /// The number of `code` (`Int(BuildExitCode.usage)` is 64), as JSON readers and process statuses compare it.
    public init(_ code: BuildExitCode) {
        self.init(code.rawValue)
    }
}

extension Int32 {
    /// The process status `code` ends a process with.
    public init(_ code: BuildExitCode) {
        self = code.rawValue
    }
}
