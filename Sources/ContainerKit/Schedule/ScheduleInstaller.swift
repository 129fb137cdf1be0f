import Foundation

/// Writes, lists and removes scheduled runs on a node through its node shell (this machine with
/// ``LocalNodeShell``, another with ``SSHNodeShell``): the job file (0600, root's), a service and a timer, checked by
/// `systemd-analyze` before systemd is told about them.
public struct ScheduleInstaller: Sendable {
    /// The node shell the files are written and systemd is driven through.
    public let shell: any NodeShell
    /// Where the files go.
    public let locations: ScheduleLocations
    /// The program that tells systemd (`systemctl`; a stand-in in tests, where systemd does not run).
    public let systemctl: String
    /// Longest wait for one command on the node.
    public let timeout: Duration

    /// An installer.
    public init(shell: any NodeShell, locations: ScheduleLocations = ScheduleLocations(), systemctl: String = "systemctl",
                timeout: Duration = .seconds(60)) {
        self.shell = shell
        self.locations = locations
        self.systemctl = systemctl
        self.timeout = timeout
    }

    /// The plan for `job`: reads only. The job is validated, its calendar checked with `systemd-analyze calendar` on
    /// the node, and a job of the same name refused unless `replace`.
    /// - Throws: ``BuildError`` 64 for an invalid job, a calendar systemd refuses, no executable lxc-build at
    ///   ``ScheduleLocations/executable`` or a name in use; 81 when the node
    ///   shell cannot run the check.
    public func plan(_ job: ScheduledJob, replace: Bool = false) async throws(BuildError) -> SchedulePlan {
        try job.validate()
        let calendar = try await node(["systemd-analyze", "calendar", job.calendar], "checking the calendar")
        guard calendar.succeeded else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--on \(BuildError.quoted(job.calendar)) is refused by systemd: \(Self.firstLine(calendar))",
                             hint: "Give a systemd calendar expression such as daily, weekly, 'Sun 03:00' or '*-*-* 04:30:00' (man systemd.time).")
        }
        guard try await node(["test", "-x", locations.executable], "looking for lxc-build").succeeded else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(locations.executable) is not an executable on the node: the schedule would run nothing",
                             hint: "Install lxc-build on the node (the .deb puts it in /usr/bin), or name it with --executable PATH.")
        }
        if !replace, try await node(["test", "-e", locations.timerFile(job)], "looking for the timer").succeeded {
            throw BuildError(exitCode: BuildExitCode.usage, message: "a schedule named \(job.name) exists on the node (\(locations.timerFile(job)))",
                             hint: "Remove it first (lxc-build schedule remove \(job.name)) or give --replace.")
        }
        let jobText = String(decoding: try Self.encode(job), as: UTF8.self)
        let service = locations.serviceFile(job), timer = locations.timerFile(job)
        return SchedulePlan(job: job, locations: locations, actions: [
            .write(path: locations.jobFile(job.name), mode: 0o600, text: jobText),
            .write(path: service, mode: 0o644, text: job.serviceUnit(locations)),
            .write(path: timer, mode: 0o644, text: job.timerUnit()),
            .check(arguments: ["systemd-analyze", "verify", service, timer], why: "the units"),
            .run(arguments: [systemctl, "daemon-reload"]),
            .run(arguments: [systemctl, "enable", "--now", "\(job.unitName).timer"]),
        ])
    }

    /// Carries out `plan`'s actions in order. When one fails, the files written are removed again (and systemd
    /// reloaded when it had been told), so no half-made schedule stays behind.
    /// - Throws: ``BuildError``: 64 when `systemd-analyze verify` refuses the units (its message shown); 1 when a
    ///   write or systemctl fails; 81 when the node shell cannot run a command.
    public func install(_ plan: SchedulePlan) async throws(BuildError) {
        var written: [String] = []
        var reloaded = false
        for action in plan.actions {
            do throws(BuildError) {
                switch action {
                case .write(let path, let mode, let text):
                    written.append(path)
                    try await write(text, to: path, mode: mode)
                case .check(let arguments, let why):
                    let result = try await node(arguments, "checking \(why)")
                    guard result.succeeded else {
                        throw BuildError(exitCode: BuildExitCode.usage, message: "\(arguments.prefix(2).joined(separator: " ")) refused \(why): \(Self.firstLine(result))")
                    }
                case .run(let arguments):
                    let result = try await node(arguments, arguments.joined(separator: " "))
                    reloaded = reloaded || arguments.contains("daemon-reload")
                    guard result.succeeded else {
                        throw BuildError(exitCode: BuildExitCode.general, message: "\(arguments.joined(separator: " ")) failed: \(Self.firstLine(result))")
                    }
                }
            } catch {
                await undo(written, reload: reloaded, unit: "\(plan.job.unitName).timer")
                throw error
            }
        }
    }

    /// The jobs on the node, by name, each with its timer's state and next run when systemd can say.
    public func list() async throws(BuildError) -> [ScheduledJobStatus] {
        let listing = try await node(["sh", "-c", #"[ -d "$1" ] || exit 0; for f in "$1"/*.json; do [ -f "$f" ] && basename "$f" .json; done; exit 0"#,
                                      "sh", locations.jobFolder], "listing the schedules")
        var jobs: [ScheduledJobStatus] = []
        for name in listing.output.split(separator: "\n").map(String.init).sorted() where !name.isEmpty {
            let file = try await node(["cat", locations.jobFile(name)], "reading the schedule \(name)")
            guard file.succeeded, let job = try? JSONDecoder().decode(ScheduledJob.self, from: file.stdout), job.name == name,
                  (try? job.validate()) != nil else {
                jobs.append(ScheduledJobStatus(name: name, job: nil, active: nil, nextRun: nil, problem: "its job file cannot be read as a schedule"))
                continue
            }
            let unit = "\(job.unitName).timer"
            let state = try? await node([systemctl, "show", unit, "--property=ActiveState", "--property=NextElapseUSecRealtime"], "asking systemd")
            let properties = Self.properties(state?.succeeded == true ? state?.output ?? "" : "")
            jobs.append(ScheduledJobStatus(name: name, job: job, active: properties["ActiveState"].map { $0 == "active" },
                                           nextRun: properties["NextElapseUSecRealtime"].flatMap { $0.isEmpty ? nil : $0 }, problem: nil))
        }
        return jobs
    }

    /// Removes the schedule `name`: stops and disables its timer, removes its three files, reloads systemd.
    /// - Throws: ``BuildError`` 234 when there is no such schedule; 64 for a name that is not valid.
    public func remove(_ name: String) async throws(BuildError) {
        let job = ScheduledJob(name: name, command: .update, arguments: [], calendar: "daily")
        try job.validate()
        let hasJobFile = try await node(["test", "-e", locations.jobFile(name)], "looking for the schedule").succeeded
        let hasTimer = try await node(["test", "-e", locations.timerFile(job)], "looking for the timer").succeeded
        guard hasJobFile || hasTimer else {
            throw BuildError(exitCode: BuildExitCode.containerNotFound, message: "no schedule named \(name) on the node",
                             hint: "`lxc-build schedule list` shows the schedules.")
        }
        _ = try await node([systemctl, "disable", "--now", "\(job.unitName).timer"], "stopping the timer")
        let removed = try await node(["rm", "-f", locations.jobFile(name), locations.serviceFile(job), locations.timerFile(job)], "removing the files")
        guard removed.succeeded else {
            throw BuildError(exitCode: BuildExitCode.general, message: "the files of schedule \(name) could not be removed: \(Self.firstLine(removed))")
        }
        _ = try await node([systemctl, "daemon-reload"], "reloading systemd")
    }
}

/// A scheduled job as `schedule list` shows it.
public struct ScheduledJobStatus: Sendable, Equatable {
    /// The job's name (its file's).
    public var name: String
    /// The job, `nil` when its file could not be read as one.
    public var job: ScheduledJob?
    /// Whether its timer is active; `nil` when systemd could not say.
    public var active: Bool?
    /// When it next runs, as systemd says it (`Sun 2026-12-06 03:00:00 UTC`); `nil` when unknown.
    public var nextRun: String?
    /// What is wrong with it, if anything.
    public var problem: String?

    /// A status.
    public init(name: String, job: ScheduledJob?, active: Bool?, nextRun: String?, problem: String?) {
        self.name = name
        self.job = job
        self.active = active
        self.nextRun = nextRun
        self.problem = problem
    }
}
