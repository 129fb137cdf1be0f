/// One thing ``ScheduleInstaller`` does on the node, in order; `schedule` prints the list it then carries out.
public enum ScheduleAction: Sendable, Equatable, CustomStringConvertible {
    /// A command that checks and changes nothing (`systemd-analyze calendar`, `systemd-analyze verify`).
    case check(arguments: [String], why: String)
    /// A file written whole (through a temporary name, then renamed) with its mode.
    case write(path: String, mode: Int, text: String)
    /// A command that changes the node (`systemctl daemon-reload`, `systemctl enable --now …`).
    case run(arguments: [String])

    /// `write /etc/systemd/system/lxc-build-nightly.timer (0644)`, `run systemctl daemon-reload`…
    public var description: String {
        switch self {
        case .check(let arguments, let why): "check \(why): \(arguments.map(ShellQuoting.quote).joined(separator: " "))"
        case .write(let path, let mode, _): "write \(path) (\(String(mode, radix: 8)))"
        case .run(let arguments): "run \(arguments.map(ShellQuoting.quote).joined(separator: " "))"
        }
    }
}

/// What `lxc-build schedule update|health …` will do on the node: the job, then its actions in order.
public struct SchedulePlan: Sendable, Equatable {
    /// The job being scheduled.
    public let job: ScheduledJob
    /// Where its files go.
    public let locations: ScheduleLocations
    /// The actions, in the order ``ScheduleInstaller/install(_:)`` carries them out.
    public let actions: [ScheduleAction]
}
