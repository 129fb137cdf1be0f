extension ContainerList.Filter.Status {
    /// The status `text` names (`running`, `stopped`, exactly).
    /// - Parameters:
    ///   - text: The value given.
    ///   - setting: The option it was given with, for the message.
    /// - Throws: ``BuildError`` (64) naming the option, the value and the statuses accepted.
    public init(parsing text: String, setting: String = "--status") throws(BuildError) {
        guard let status = Self(rawValue: text) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(setting) \(BuildError.quoted(text)): not a status; accepted: "
                                 + Self.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = status
    }
}

extension ContainerList.Filter {
    /// Whether the filter keeps every built container (none of app, tag, stack and status given).
    public var keepsAll: Bool { self == ContainerList.Filter() }
}
