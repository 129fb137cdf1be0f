extension TemplateName {
    /// Refuses a template OS name that is not one (`debian`, `ubuntu`, `alpine`, ...: a lower-case letter, then up to 31
    /// lower-case letters, digits, `.` or `-`) before it reaches a request, naming the setting and the value.
    /// - Parameters:
    ///   - os: The name given; `nil` passes.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64).
    public static func validateOS(_ os: String?, setting: String = "--os") throws(BuildError) {
        guard let os else { return }
        guard os.wholeMatch(of: /[a-z][a-z0-9.\-]{0,31}/) != nil else {
            throw BuildError(exitCode: .usage, message: "\(setting) \(BuildError.quoted(os)): not an OS name (debian, ubuntu, alpine, ...)")
        }
    }
}
