/// What `schedule update|health … --json` prints: the job, the files and commands, and whether it was installed.
public struct ScheduleReport: Codable, Sendable, Equatable {
    /// The schedule's name.
    public var name: String
    /// The command line each run executes (`update --all --yes --json`).
    public var command: String
    /// The calendar expression.
    public var calendar: String
    /// Whether runs are POSTed to a notify address (the address itself is not printed: it may hold a token).
    public var notifies: Bool
    /// The actions, in order, as ``ScheduleAction`` describes them.
    public var actions: [String]
    /// `installed`, or `planned` when nothing was written.
    public var status: String

    /// The report of `plan`, `installed` or only planned.
    public init(plan: SchedulePlan, installed: Bool) {
        name = plan.job.name
        command = plan.job.commandLine
        calendar = plan.job.calendar
        notifies = plan.job.notifyURL != nil
        actions = plan.actions.map(\.description)
        status = installed ? "installed" : "planned"
    }
}

/// What `schedule list --json` prints: each schedule on the node.
public struct ScheduleListReport: Codable, Sendable, Equatable {
    /// One schedule.
    public struct Entry: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// The command line a run executes; `null` when its job file cannot be read.
        @ExplicitNull public var command: String?
        /// Its calendar expression; `null` when unknown.
        @ExplicitNull public var calendar: String?
        /// Whether its timer is active; `null` when systemd could not say.
        @ExplicitNull public var active: Bool?
        /// The next run as systemd says it; `null` when unknown.
        @ExplicitNull public var nextRun: String?
        /// Whether runs are POSTed to a notify address.
        public var notifies: Bool
        /// What is wrong with it; `null` when nothing.
        @ExplicitNull public var problem: String?
    }

    /// The schedules, by name.
    public var schedules: [Entry]

    /// The report of `jobs`.
    public init(jobs: [ScheduledJobStatus]) {
        schedules = jobs.map { status in
            Entry(command: status.job?.commandLine, calendar: status.job?.calendar, active: status.active, nextRun: status.nextRun,
                  notifies: status.job?.notifyURL != nil, problem: status.problem, name: status.name)
        }
    }
}

extension ScheduleListReport.Entry {
    init(command: String?, calendar: String?, active: Bool?, nextRun: String?, notifies: Bool, problem: String?, name: String) {
        self.name = name
        self.command = command
        self.calendar = calendar
        self.active = active
        self.nextRun = nextRun
        self.notifies = notifies
        self.problem = problem
    }
}

/// What `schedule remove NAME --json` prints: the schedule removed.
public struct ScheduleRemovalReport: Codable, Sendable, Equatable {
    /// The schedule's name.
    public var name: String
    /// Always `removed` (a removal that fails prints the failure report instead).
    public var status: String

    /// The report of removing the schedule `name`.
    public init(name: String) {
        self.name = name
        status = "removed"
    }
}
