/// Where a schedule's files go on the node.
public struct ScheduleLocations: Sendable, Equatable {
    /// The systemd units (`/etc/systemd/system`).
    public var unitFolder: String
    /// The job files, readable by root only (`/etc/lxc-build/schedules`).
    public var jobFolder: String
    /// The installed lxc-build the service runs (`/usr/bin/lxc-build`, where the .deb puts it).
    public var executable: String

    /// The node's places: `/etc/systemd/system`, `/etc/lxc-build/schedules` and `/usr/bin/lxc-build`.
    public init(unitFolder: String = "/etc/systemd/system", jobFolder: String = "/etc/lxc-build/schedules",
                executable: String = "/usr/bin/lxc-build") {
        self.unitFolder = unitFolder
        self.jobFolder = jobFolder
        self.executable = executable
    }

    /// The job file of `name`.
    public func jobFile(_ name: String) -> String { "\(jobFolder)/\(name).json" }
    /// The service unit of `job`.
    public func serviceFile(_ job: ScheduledJob) -> String { "\(unitFolder)/\(job.unitName).service" }
    /// The timer unit of `job`.
    public func timerFile(_ job: ScheduledJob) -> String { "\(unitFolder)/\(job.unitName).timer" }
}
