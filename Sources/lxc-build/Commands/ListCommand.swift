import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build list`: the cluster's containers that lxc-build or the community scripts built.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the containers lxc-build or the community scripts built: id, node, host name, app, stack, status, address, "
            + "template, created, version.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only the containers on this node.", completion: CompletionValues.nodes) var node: String?
    @Option(help: "Only the containers of this app (as their notes name it).") var app: String?
    @Option(help: "Only the containers with this tag.") var tag: String?
    @Option(help: "Only the containers of this stack (the stack named in their notes).") var stack: String?
    @Option(help: "Only the running or the stopped containers: running or stopped.",
            completion: .list(ContainerList.Filter.Status.allCases.map(\.rawValue))) var status: String?
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        try OptionChecks.node(node)
        if let status {
            do throws(BuildError) { _ = try ContainerList.Filter.Status(parsing: status) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let filter = ContainerList.Filter(app: app, tag: tag, stack: stack,
                                              status: try status.map { text throws(BuildError) in try ContainerList.Filter.Status(parsing: text) })
            let listing = try await ContainerList.read(client: try connection.client(), node: node, filter: filter)
            if json {
                ResultRendering.emitJSON(ListReport(listing: listing))
                return
            }
            if !listing.containers.isEmpty {
                TerminalOutput.shared.line(Table(["CTID", "NODE", "HOSTNAME", "APP", "STACK", "STATUS", "ADDRESS", "TEMPLATE", "CREATED",
                                                  "VERSION", "BUILT BY"],
                    listing.containers.map { entry in
                        [String(entry.ctid), entry.node, entry.hostname ?? "-", entry.notes.app ?? "unknown", entry.notes.stack ?? "-",
                         entry.status, entry.address ?? "-", entry.notes.template ?? "unknown", entry.notes.created ?? "unknown",
                         entry.notes.version ?? "-", entry.notes.origin.rawValue]
                    }).rendered)
            } else if !filter.keepsAll {
                TerminalOutput.shared.line("No container built by lxc-build or the community scripts matches the filters"
                    + (node.map { " on \($0)" } ?? "") + ".")
            } else {
                TerminalOutput.shared.line("No container built by lxc-build or the community scripts" + (node.map { " on \($0)" } ?? "") + ".")
            }
            if listing.skipped > 0 {
                let others = listing.skipped == 1 ? "1 other container" : "\(listing.skipped) other containers"
                TerminalOutput.shared.line("\(others) (built by neither) not listed.", to: .errors)
            }
            for warning in listing.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
        }
    }
}
