extension BuildExitCode {
    /// The code `value` is, when a process can exit with it (0 to 255).
    /// - Parameter value: The number given (`lxc-build explain-exit CODE`).
    /// - Throws: ``BuildError`` (64) naming the value and the range accepted.
    public init(checking value: Int32) throws(BuildError) {
        guard (0...255).contains(value) else {
            throw BuildError(exitCode: .usage, message: "\(value) is not an exit code: a process exits with 0 to 255 "
                                 + "(`lxc-build explain-exit --all` lists the codes lxc-build uses)")
        }
        self.init(rawValue: value)
    }
}
