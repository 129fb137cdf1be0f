import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

extension UpdateCommand {
    /// `update` of several containers: the selection resolved, every container planned, the plan of all printed and
    /// asked about once, the updates run (``FleetUpdate``), then one table or one JSON document.
    func runFleet(options: ContainerUpdate.Options, client: ProxmoxClient, shell: (any NodeShell)?) async throws {
        let environment = ProcessInfo.processInfo.environment
        let targets = try await selection.resolve(client: client, stackKeyFolder: StackKey.folder(environment: environment))
        let quiet = json
        var fleetOptions = FleetUpdate.Options(update: options)
        fleetOptions.parallel = parallel
        fleetOptions.continueOnError = continueOnError
        let fleet = FleetUpdate(client: client, shell: shell, options: fleetOptions) { line in
            if !quiet { TerminalOutput.shared.line("… \(line)", to: .errors) }
        }
        let stream: TerminalOutput.Stream = json ? .errors : .output
        guard !targets.isEmpty else {
            if json { ResultRendering.emitJSON(FleetUpdateReport(containers: [])) } else { TerminalOutput.shared.line("No container matches the selection.") }
            return
        }
        let plan = await fleet.plan(targets)
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
    func runCheck(options: ContainerUpdate.Options, client: ProxmoxClient, shell: (any NodeShell)?) async throws {
        let environment = ProcessInfo.processInfo.environment
        let targets = try await selection.resolve(client: client, stackKeyFolder: StackKey.folder(environment: environment))
        var checkOptions = UpdateCheck.Options(update: options)
        checkOptions.githubAPI = githubAPI ?? environment["LXC_BUILD_GITHUB_API"].flatMap { $0.isEmpty ? nil : $0 } ?? UpdateCheck.defaultGitHubAPI
        checkOptions.githubToken = [environment["var_github_token"], environment["GITHUB_TOKEN"]].compactMap { $0 }.first { !$0.isEmpty }
        guard checkOptions.githubAPI.hasPrefix("https://") else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "LXC_BUILD_GITHUB_API \(BuildError.quoted(checkOptions.githubAPI)): an https:// URL")
        }
        let report = await UpdateCheck(client: client, shell: shell, options: checkOptions).check(targets)
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
