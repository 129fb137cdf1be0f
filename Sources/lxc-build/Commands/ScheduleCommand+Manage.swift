import ArgumentParser
import ContainerKit
import Foundation

extension ScheduleCommand {
    /// `schedule list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the schedules on the node, with their next run.")

        @OptionGroup var placement: Placement

        func run() async throws {
            try await reportingErrors(json: placement.json) {
                let jobs = try await placement.installer().list()
                if placement.json { return ResultRendering.emitJSON(ScheduleListReport(jobs: jobs)) }
                if jobs.isEmpty { return TerminalOutput.shared.line("No schedules on this node (lxc-build schedule update ... --on CALENDAR writes one).") }
                for status in jobs {
                    guard let job = status.job else {
                        TerminalOutput.shared.line("\(status.name): \(status.problem ?? "unreadable")")
                        continue
                    }
                    let state = status.active.map { $0 ? "active" : "inactive" } ?? "state unknown"
                    let next = status.nextRun.map { ", next \($0)" } ?? ""
                    TerminalOutput.shared.line("\(status.name): lxc-build \(job.commandLine) at \(job.calendar) (\(state)\(next))\(job.notifyURL == nil ? "" : ", notifies")")
                }
            }
        }
    }

    /// `schedule remove NAME`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Stop and remove a schedule: its timer, service and job file.")

        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var placement: Placement

        func run() async throws {
            try await reportingErrors(json: placement.json) {
                if !placement.yes {
                    try Confirmation.ask("Remove schedule \(name)?", command: "schedule remove", declined: "schedule \(name) was kept")
                }
                try await placement.installer().remove(name)
                if placement.json {
                    ResultRendering.emitJSON(ScheduleRemovalReport(name: name))
                } else {
                    TerminalOutput.shared.line("Schedule \(name) removed.")
                }
            }
        }
    }

    /// `schedule run NAME`: what the service runs.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a schedule's job now, as its timer does (the service's command).",
            discussion: """
                Reads /etc/lxc-build/schedules/NAME.json (refused unless a regular file of this user that nobody else can \
                read or write), runs `lxc-build COMMAND ARGS... --json` (update also with --yes), prints one summary line and POSTs the run's \
                document to the notify address. Exits with the command's exit code.
                """)

        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var jsonOption: JSONOption
        var json: Bool { jsonOption.json }

        func run() async throws {
            try await reportingErrors(json: json) {
                let runner = ScheduledRunner()
                let job = try runner.load(name)
                let report = await runner.run(job)
                if json { ResultRendering.emitJSON(report) } else { TerminalOutput.shared.line(ScheduledRunner.summary(report)) }
                if let url = job.notifyURL {
                    do throws(BuildError) { try await runner.notify(report, to: url) } catch {
                        TerminalOutput.shared.line("warning: \(error.message)", to: .errors)
                    }
                }
                if !report.exitCode.isSuccess { throw ExitCode(report.exitCode) }
            }
        }
    }
}
