import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

extension UpdateCommand {
    /// `update` of several containers: the selection resolved, every container planned, the plan of all printed and
    /// asked about once, the updates run (``FleetUpdate``), then one table or one JSON document.
    func runFleet(options: ContainerUpdate.Options, client: ProxmoxClient, shell: (any NodeShell)?, environment: [String: String]) async throws {
        let quiet = json
        let fleet = FleetUpdate(client: client, shell: shell, options: fleetOptions(options)) { line in
            if !quiet { TerminalOutput.shared.line("… \(line)", to: .errors) }
        }
        let stream: TerminalOutput.Stream = json ? .errors : .output
        let plan = try await fleet.plan(selection)
        guard !plan.entries.isEmpty else {
            if json { ResultRendering.emitJSON(FleetUpdateReport(containers: [])) } else { TerminalOutput.shared.line("No container matches the selection.") }
            return
        }
        TerminalOutput.shared.line("Update of \(plan.entries.count) container(s), \(plan.concurrencyDescription):", to: stream)
        for line in plan.summary { TerminalOutput.shared.line("  \(line)", to: stream) }
        for entry in plan.planned {
            for warning in entry.plan?.warnings ?? [] { TerminalOutput.shared.line("warning: \(entry.ctid): \(warning)", to: .errors) }
        }
        if !plan.planned.isEmpty && !yes {
            let ids = plan.planned.map { String($0.ctid) }.joined(separator: ", ")
            try Confirmation.ask("Update containers \(ids)?", command: "update", declined: "no container was updated")
        }
        // From here a signal or a closed output cancels the run: what runs is rolled back, nothing more starts.
        let trap = SignalTrap()
        let work = Task { await fleet.execute(plan) }
        trap.cancel(work)
        let report = await work.value
        if json {
            ResultRendering.emitJSON(report)
        } else {
            TerminalOutput.shared.line(Self.table(report))
            for row in report.containers where row.outcome != .updated {
                if let message = row.message { TerminalOutput.shared.line("\(row.ctid): \(message)", to: .errors) }
            }
            for row in report.containers {
                for warning in row.warnings { TerminalOutput.shared.line("warning: \(row.ctid): \(warning)", to: .errors) }
            }
        }
        let code = trap.reason?.exitCode ?? report.exitCode
        if code != 0 { throw ExitCode(code) }
    }

    /// The fleet's table: one row per container.
    static func table(_ report: FleetUpdateReport) -> String {
        Table(["CTID", "NODE", "APP", "BEFORE", "AFTER", "PROTECTION", "STARTED", "HEALTH", "REBOOT", "DURATION", "OUTCOME", "EXIT"],
              report.containers.map { row in
            [String(row.ctid), row.node ?? "-", row.app ?? "-", row.versionBefore ?? "unknown", row.versionAfter ?? (row.outcome == .updated ? "unknown" : "-"),
             row.protection.map { protection in row.protectedBy.map { "\(protection) \($0)" } ?? protection } ?? "-",
             row.startedForUpdate ? "yes" : "no", row.health.map { $0.healthy ? "healthy" : "unhealthy" } ?? "-",
             row.rebooted ? "done" : (row.rebootRequired == true ? "needed" : "-"),
             String(format: "%.1f s", row.durationSeconds), row.outcome.rawValue, String(row.exitCode)]
        }).rendered
    }

    /// `update --check`: reads only, one table or one JSON document.
    func runCheck(options: ContainerUpdate.Options, client: ProxmoxClient, shell: (any NodeShell)?, environment: [String: String]) async throws {
        let checkOptions = try UpdateCheck.Options(update: options, githubAPI: githubAPI, environment: environment)
        let report = try await UpdateCheck(client: client, shell: shell, options: checkOptions)
            .check(selection)
        if json {
            ResultRendering.emitJSON(report)
            return
        }
        TerminalOutput.shared.line(Table(["CTID", "NODE", "APP", "INSTALLED", "LATEST", "APP UPDATE", "OS UPDATES"], report.containers.map { row in
            [String(row.ctid), row.node ?? "-", row.app ?? "unknown", row.installed.map { "\($0) (\(row.installedFrom ?? ""))" } ?? "unknown",
             row.latest ?? "unknown", row.status.rawValue, row.osUpdates.map(String.init) ?? "unknown"]
        }).rendered)
        for row in report.containers {
            for problem in row.problems { TerminalOutput.shared.line("\(row.ctid): \(problem)", to: .errors) }
        }
    }
}
