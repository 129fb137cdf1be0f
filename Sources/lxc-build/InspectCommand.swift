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
    @Option(help: "Node the container is on (found through /cluster/resources when left out).") var node: String?
    @Option(help: "Proxmox VE address, https://HOST:8006. [environment: PROXMOX_VE_ENDPOINT]") var endpoint: String?
    @Flag(help: "Print the configuration as JSON.") var json = false

    func validate() throws {
        try OptionChecks.ctid(ctid)
        try OptionChecks.node(node)
    }

    func run() async throws {
        var connection = ConnectionSettings(environment: ProcessInfo.processInfo.environment)
        connection.override(endpointFlag: endpoint)
        do {
            let client = try connection.makeClient()
            let nodeName: String
            if let node {
                nodeName = node
            } else {
                let resources = try await client.clusterResources(type: "vm")
                guard let found = resources.first(where: { $0.vmid == ctid && $0.type == "lxc" })?.node else {
                    throw BuildError(exitCode: 1, message: "no container \(ctid) in the cluster")
                }
                nodeName = found
            }
            let container = client.node(nodeName).container(ctid)
            let config = try await container.config()
            let status = try await container.status()
            if json {
                TerminalOutput.shared.json(config.raw.serialized())
                return
            }
            TerminalOutput.shared.line("CT \(ctid) on \(nodeName): \(status.status)")
            let members = config.raw.objectValue ?? [:]
            for key in members.keys.sorted() where key != "digest" {
                let value = members[key]?.stringValue ?? members[key]?.serialized() ?? ""
                TerminalOutput.shared.line("  \(key): \(value.replacingOccurrences(of: "\n", with: "\n    "))")
            }
        } catch let error as BuildError {
            try ResultRendering.print(.failure(error), json: false)
        } catch let error as ProxmoxError {
            try ResultRendering.print(.failure(BuildError.from(error)), json: false)
        }
    }
}
