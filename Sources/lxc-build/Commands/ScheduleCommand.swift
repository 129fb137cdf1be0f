import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build schedule`: unattended updates and health checks on the node, from systemd timers.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run update or health on a calendar, unattended, from a systemd timer on the node.",
        discussion: """
            `schedule update ARGS... --on CALENDAR` (or `schedule health ARGS...`) writes, on the node (this machine, or --node-shell ssh://root@NODE), a \
            job file /etc/lxc-build/schedules/NAME.json (0600: the arguments and the notify address), a service \
            lxc-build-NAME.service that runs the installed `lxc-build schedule run NAME` and a timer \
            lxc-build-NAME.timer, checks them with `systemd-analyze verify` and enables the timer. Each run executes \
            `lxc-build update ARGS... --yes --json` or `lxc-build health ARGS... --json` (never a download of code), writes one summary line to the journal \
            (journalctl -u lxc-build-NAME) and, with --notify URL, POSTs the run's JSON document there (ntfy, \
            healthchecks, any webhook). The arguments are checked as update checks them before anything is written; \
            secrets are refused (keep them in the node's settings files).
            """,
        subcommands: [Update.self, Health.self, List.self, Remove.self, Run.self])

    /// The options every `schedule` subcommand that writes shares.
    struct Placement: ParsableArguments {
        @Option(name: .customLong("node-shell"),
                help: "How to reach the node: local or ssh://[user@]host[:port] (default: local on a Proxmox VE node).")
        var nodeShell: String?
        @Option(help: "The installed lxc-build the timer runs (default: this program on the node itself, /usr/bin/lxc-build over ssh).")
        var executable: String?
        @OptionGroup var assumeYes: AssumeYesOption
        var yes: Bool { assumeYes.yes }
        @OptionGroup var jsonOption: JSONOption
        var json: Bool { jsonOption.json }

        func validate() throws {
            if let nodeShell {
                do { _ = try NodeShellChoice(parsing: nodeShell) } catch { throw ValidationError("--node-shell: \(error.message)") }
            }
            if let executable {
                do throws(BuildError) { try ScheduleLocations.checkExecutable(executable) } catch { throw ValidationError(error.message) }
            }
        }

        /// The node shell and where the files go (``ScheduleInstaller/init(nodeShell:executable:running:)``).
        func installer() throws(BuildError) -> ScheduleInstaller {
            try ScheduleInstaller(nodeShell: nodeShell, executable: executable)
        }
    }

    /// What `schedule update` and `schedule health` share: when, the name, the notify address, and where.
    struct Timing: ParsableArguments {
        @Option(help: ArgumentHelp("When it runs: a systemd calendar expression (hourly, daily, weekly, 'Sun 03:00', '*:0/5' every five minutes).",
                                   valueName: "CALENDAR"))
        var on: String
        @Option(help: "The schedule's name: lxc-build-NAME.timer (default: the command's name, update or health).") var name: String?
        @Option(help: "POST each run's JSON document to this https:// address (ntfy, healthchecks, a webhook).") var notify: String?
        @Flag(help: "Replace a schedule of the same name.") var replace = false
        @OptionGroup var placement: Placement

        /// Checks `arguments` as `command` itself checks them, before anything is written.
        static func check<Command: ParsableCommand>(_ arguments: [String], as command: Command.Type, what: String) throws {
            do { _ = try Command.parse(arguments) } catch {
                throw ValidationError("the scheduled \(what)'s arguments: \(Command.message(for: error))")
            }
        }

        /// Schedules `command` with `arguments`.
        func schedule(_ command: ScheduledJob.Command, _ arguments: [String]) async throws {
            try await reportingErrors(json: placement.json) {
                let job = ScheduledJob(command: command, arguments: arguments, calendar: on, name: name, notifyURL: notify)
                try await ScheduleCommand.install(job, replace: replace, placement: placement)
            }
        }
    }

    /// `schedule update ARGS... --on CALENDAR`.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Schedule `lxc-build update ARGS...` (the same arguments as update takes).")

        @OptionGroup var timing: Timing
        @Argument(parsing: .allUnrecognized, help: "update's arguments (container ids and flags).") var arguments: [String] = []

        func validate() throws { try Timing.check(arguments, as: UpdateCommand.self, what: "update") }
        func run() async throws { try await timing.schedule(.update, arguments) }
    }

    /// `schedule health ARGS... --on CALENDAR`.
    struct Health: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "health", abstract: "Schedule `lxc-build health ARGS...` (the same arguments as health takes; --restart restarts what does not answer).")

        @OptionGroup var timing: Timing
        @Argument(parsing: .allUnrecognized, help: "health's arguments (container ids and flags).") var arguments: [String] = []

        func validate() throws { try Timing.check(arguments, as: HealthCommand.self, what: "health check") }
        func run() async throws { try await timing.schedule(.health, arguments) }
    }

    /// Plans, shows, asks and installs `job`.
    static func install(_ job: ScheduledJob, replace: Bool, placement: Placement) async throws {
        let installer = try placement.installer()
        let plan = try await installer.plan(job, replace: replace)
        let stream: TerminalOutput.Stream = placement.json ? .errors : .output
        TerminalOutput.shared.line("Schedule \(job.name) on \(installer.shell.name): `lxc-build \(job.commandLine)` at \(job.calendar):", to: stream)
        for (index, action) in plan.actions.enumerated() { TerminalOutput.shared.line("  \(index + 1). \(action)", to: stream) }
        if !placement.yes {
            try Confirmation.ask("Write schedule \(job.name)?", command: "schedule", declined: "schedule \(job.name) was not written")
        }
        try await installer.install(plan)
        if placement.json {
            ResultRendering.emitJSON(ScheduleReport(plan: plan, installed: true))
        } else {
            TerminalOutput.shared.line("Schedule \(job.name) is active: journalctl -u \(job.unitName) shows its runs; `lxc-build schedule remove \(job.name)` removes it.")
        }
    }
}
