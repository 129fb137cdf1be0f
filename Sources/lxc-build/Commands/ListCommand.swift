import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build list`: the cluster's containers that lxc-build or the community scripts built.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the containers lxc-build or the community scripts built: id, node, app, status, address, template, created, version.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only the containers on this node.", completion: CompletionValues.nodes) var node: String?
    @Flag(help: "Print JSON: containers, skipped (how many others were left out) and warnings.") var json = false

    func validate() throws { try OptionChecks.node(node) }

    func run() async throws {
        try await reportingErrors(json: json) {
            let listing = try await ContainerList.read(client: try connection.client(), node: node)
            if json {
                ResultRendering.emitJSON(ListReport(listing: listing))
                return
            }
            if !listing.containers.isEmpty {
                TerminalOutput.shared.line(Table(["CTID", "NODE", "APP", "STATUS", "ADDRESS", "TEMPLATE", "CREATED", "VERSION", "BUILT BY"],
                    listing.containers.map { entry in
                        [String(entry.ctid), entry.node, entry.notes.app ?? "unknown", entry.status, entry.address ?? "-",
                         entry.notes.template ?? "unknown", entry.notes.created ?? "unknown", entry.notes.version ?? "-", entry.notes.origin.rawValue]
                    }).rendered)
            } else {
                TerminalOutput.shared.line("No container built by lxc-build or the community scripts" + (node.map { " on \($0)" } ?? "") + ".")
            }
            let others = listing.skipped == 1 ? "1 other container" : "\(listing.skipped) other containers"
            TerminalOutput.shared.line("\(others) (built by neither) not listed.", to: .errors)
            for warning in listing.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
        }
    }
}
