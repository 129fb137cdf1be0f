extension ContainerSelection {
    /// The status a selection is narrowed to from `--running` and `--stopped`: `nil` (any) when neither is given.
    /// - Throws: ``BuildError`` (64) when both are given: they exclude each other.
    public static func status(running: Bool, stopped: Bool) throws(BuildError) -> ContainerList.Filter.Status? {
        if running && stopped { throw BuildError(exitCode: BuildExitCode.usage, message: "--running and --stopped exclude each other") }
        return running ? .running : (stopped ? .stopped : nil)
    }
}

extension ContainerSelection {
    /// The one container of a selection that names a single id and no flag (`update CTID`): that command's single
    /// form, with its own output and exit codes; `nil` for any other selection (the fleet's form).
    public var singleContainer: Int? {
        ids.count == 1 && !usesFlags ? ids[0] : nil
    }
}
