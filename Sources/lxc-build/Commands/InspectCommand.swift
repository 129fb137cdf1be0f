import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build inspect CTID`: a container's configuration and state, read from the API.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a container's configuration and status as the Proxmox VE API reports them."
    )

    @Argument(help: "Container ID.") var ctid: Int
    @Option(help: "Node the container is on (found through /cluster/resources when left out).", completion: CompletionValues.nodes) var node: String?
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        try OptionChecks.ctid(ctid)
        try OptionChecks.node(node)
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let client = try connection.client()
            let (nodeName, config, status) = try await ContainerLookup.read(ctid, given: node, client: client)
            if json {
                ResultRendering.emitJSON(InspectReport(ctid: ctid, node: nodeName, config: config, status: status))
                return
            }
            TerminalOutput.shared.line("CT \(ctid) on \(nodeName): \(status.status)")
            let members = config.raw.objectValue ?? [:]
            for key in members.keys.sorted() where key != "digest" {
                let value = members[key]?.stringValue ?? members[key]?.serialized() ?? ""
                TerminalOutput.shared.line("  \(key): \(value.replacingOccurrences(of: "\n", with: "\n    "))")
            }
        }
    }
}
