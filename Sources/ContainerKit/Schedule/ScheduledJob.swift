
/// A run of `lxc-build update …` or `lxc-build health …` that systemd starts on the node on a calendar: what
/// `lxc-build schedule` writes (a job file, a service and a timer) and what `lxc-build schedule run NAME` carries out.
///
/// The service runs the installed lxc-build, never a download of code. The job's arguments and notify address are
/// kept in a job file that only root can read (``ScheduleLocations/jobFolder``), not in the unit files, which every
/// user can read.
public struct ScheduledJob: Codable, Sendable, Equatable {
    /// The commands that may be scheduled.
    public enum Command: String, Codable, Sendable, CaseIterable {
        /// `lxc-build update …`: app or OS updates with their snapshot, health gate and rollback.
        case update
        /// `lxc-build health …`: the read-only health check (with `--restart`, a restart of what does not answer).
        case health
    }

    /// The job's name: `lxc-build-<name>.service` and `.timer`.
    public var name: String
    /// The command run.
    public var command: Command
    /// The command's arguments as given (`--all`, `--tag media`…); `--json` (and `--yes` for `update`) are added when it runs.
    public var arguments: [String]
    /// When it runs: a systemd calendar expression (`daily`, `Sun 03:00`, `*-*-* 04:30:00`).
    public var calendar: String
    /// Where each run's JSON document is POSTed (ntfy, healthchecks, any webhook), if anywhere.
    public var notifyURL: String?

    /// A job.
    public init(name: String, command: Command, arguments: [String], calendar: String, notifyURL: String? = nil) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.calendar = calendar
        self.notifyURL = notifyURL
    }

    /// `lxc-build-<name>`: the unit name without its suffix.
    public var unitName: String { "lxc-build-\(name)" }

    /// The command line it runs, for plans and listings (`update --all --yes --json`).
    public var commandLine: String {
        ([command.rawValue] + runArguments).map(ShellQuoting.quote).joined(separator: " ")
    }

    /// The arguments the run passes: the job's, then `--json`, and for `update` `--yes` (no one is there to answer),
    /// unless already there. `health` asks nothing.
    public var runArguments: [String] {
        let added = command == .update ? ["--yes", "--json"] : ["--json"]
        return arguments + added.filter { !arguments.contains($0) && !($0 == "--yes" && arguments.contains("-y")) }
    }
}
