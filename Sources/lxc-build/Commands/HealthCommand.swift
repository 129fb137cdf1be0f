import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build health`: whether containers work (running, no failed service, the app's URL answering), read-only
/// except `--restart`.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that containers run, have no failed service and that their app's URL answers (exit 86 when one does not).",
        discussion: """
            For each selected container: it runs (the API's status); no systemd unit (or OpenRC service on Alpine) \
            inside has failed; the app's URL answers with an HTTP status below 500, asked from the node through the \
            node shell with the node's curl (10 s at most; certificates not checked, no proxy). The URL is the last \
            http://${IP}:PORT (or https://) line of the app's catalog script at the container's address, or \
            --health-url. Select containers by id, or --all / --tag TAG / --stack STACK among those list lists (lxc-build \
            or the community scripts built them). Read-only, except --restart: a container that runs and whose URL \
            does not answer is rebooted once and checked again. Exit 0 when all are healthy, 86 otherwise.
            """)

    @Argument(help: "Container IDs.") var ctids: [Int] = []
    @Flag(help: "Every container lxc-build or the community scripts built.") var all = false
    @Option(help: "The containers with this tag (narrows --stack NAME; not with a stack file).") var tag: String?
    @Option(help: ArgumentHelp("The containers of this stack: its stack file (the containers that carry its proved marker), or its name as their notes say it (not with --restart).", valueName: "FILE|STACK")) var stack: String?
    @Option(help: "Only the containers on this node.", completion: CompletionValues.nodes) var node: String?
    @Option(name: .customLong("node-shell"),
            help: "How to reach the node: local or ssh://[user@]host[:port] (default: local on a Proxmox VE node, else none, which health refuses).")
    var nodeShell: String?
    @OptionGroup var catalogOption: CatalogOption
    var catalog: String? { catalogOption.catalog }
    @Option(name: .customLong("health-url"), help: ArgumentHelp("The URL to ask, instead of the catalog script's http://${IP}:PORT.", valueName: "URL"))
    var healthURL: String?
    @Flag(help: "Reboot a running container whose URL does not answer, once, and check it again.") var restart = false
    @Option(help: ArgumentHelp("After a restart, how long to wait for the container to answer (1-3600).", valueName: "SECONDS")) var wait = 120
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        try OptionChecks.node(node)
        try OptionChecks.check { () throws(BuildError) in
            _ = try HealthCheck.selection(ids: ctids, all: all, tag: tag, stack: stack)
            _ = try NodeShellChoice.chosen(nodeShell)
            try HealthCheck.checkRestartWait(wait)
            try checkOptions().validate()
        }
    }

    /// The check's options: `--health-url`.
    private func checkOptions() -> HealthCheck.Options {
        var options = HealthCheck.Options()
        options.url = healthURL
        return options
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let environment = ProcessInfo.processInfo.environment
            let shell = try HealthCheck.nodeShell(nodeShell)
            let quiet = json
            let check = HealthCheck(client: try connection.client(), shell: shell, options: checkOptions()) { line in
                if !quiet { TerminalOutput.shared.line("… \(line)", to: .errors) }
            }
            let selection = try HealthCheck.selection(ids: ctids, all: all, tag: tag, stack: stack)
            let catalog = catalog
            let report = try await check.run(selection, node: node, restart: restart, restartWait: .seconds(wait)) { app in
                try? await CatalogSource(catalog: catalog, environment: environment).path(
                    for: app, fetched: { TemporaryFolders.shared.add($0) }) { line in
                    if !quiet { TerminalOutput.shared.line(line, to: .errors) }
                }
            }
            if json {
                ResultRendering.emitJSON(report)
            } else {
                render(report)
            }
            if report.unhealthy > 0 { throw ExitCode(BuildExitCode.unhealthy) }
        }
    }

    private func render(_ report: HealthReport) {
        if report.containers.isEmpty {
            TerminalOutput.shared.line("No container built by lxc-build or the community scripts matches" + (node.map { " on \($0)" } ?? "") + ".")
        } else {
            TerminalOutput.shared.line(Table(["CTID", "NODE", "HEALTH", "RUNNING", "SERVICES", "URL", "ANSWER", "RESTARTED"],
                report.containers.map { entry in
                    [String(entry.ctid), entry.node, entry.healthy ? "healthy" : "unhealthy", entry.running.reason, entry.services.reason,
                     entry.url ?? "-", entry.urlCheck.state == .unknown ? entry.urlCheck.reason : Self.answer(entry),
                     entry.restarted ? "yes" : (entry.restartFailure ?? "no")]
                }).rendered)
        }
        TerminalOutput.shared.line("\(report.healthy) healthy, \(report.unhealthy) unhealthy.", to: .errors)
        for warning in report.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
    }

    /// `200 in 0.01 s`, or `no answer`.
    private static func answer(_ entry: HealthReport.Container) -> String {
        guard let status = entry.httpStatus else { return "no answer" }
        return "\(status)" + (entry.seconds.map { String(format: " in %.2f s", $0) } ?? "")
    }
}
