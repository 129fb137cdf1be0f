public import HostProbe

extension BuildExitCode {
    /// The one conversion of a host check's code (HostProbe keeps build.func's numbers as plain integers, being a
    /// leaf library): the code build.func stops with for `check`, `nil` unless the check failed outright (a check
    /// whose answer is unknown does not stop a probe).
    public init?(_ check: HostCheck) {
        guard check.status == .failed, let code = check.exitCode else { return nil }
        self.init(rawValue: Int32(clamping: code))
    }

    /// The code of `report`'s first check that failed (as the initializer from a check gives it), `nil` when none
    /// did: what `lxc-build probe` ends with.
    public init?(firstFailureOf report: HostReport) {
        guard let code = report.checks.lazy.compactMap(BuildExitCode.init).first else { return nil }
        self = code
    }
}
