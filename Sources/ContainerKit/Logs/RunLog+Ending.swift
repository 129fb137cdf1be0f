extension RunLog {
    /// Ends the log of a `create` or `apply` run: a run that failed after it had started writing to Proxmox VE or the
    /// node keeps its log, with `details` and then the failure (`exit CODE (explanation): message`) as its last lines;
    /// a run that succeeded, or that stopped before any write (the error says all there is), removes it. A log chosen
    /// with `--log` stays either way.
    /// - Parameters:
    ///   - failure: How the run failed, `nil` when it succeeded.
    ///   - wrote: Whether the run had started writing when it ended.
    ///   - details: Lines written before the failure (each failed container of a stack).
    /// - Returns: The path of the kept log, to name to the user; `nil` when it was removed.
    @discardableResult
    public func finish(failure: BuildError?, afterWriting wrote: Bool, details: [String] = []) -> String? {
        guard let failure, wrote else {
            discard()
            return nil
        }
        for line in details { write(.error, line) }
        write(.error, "exit \(failure.exitCode) (\(failure.explanation)): \(failure.description)")
        keep()
        return path
    }
}
