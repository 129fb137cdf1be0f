import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build destroy CTID`: stop and remove a container.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Stop and remove a container, or a stack's containers (asks first unless --yes).")

    @Argument(help: "Container ID.") var ctid: Int?
    @Option(help: "Remove the containers of this stack file instead: only those whose notes carry the stack's marker with a proof of this machine's key of the stack.")
    var stack: String?
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Node the container is on (found through /cluster/resources when left out).", completion: CompletionValues.nodes) var node: String?
    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not ask.") var yes = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (ctid == nil) != (stack == nil) else {
            throw ValidationError("give a container ID or --stack FILE (one of them)")
        }
        if let ctid { try OptionChecks.ctid(ctid) }
        try OptionChecks.node(node)
    }

    func run() async throws {
        if let stack { return try await destroyStack(stack) }
        guard let ctid else { return }
        try await reportingErrors(json: json) {
            let client = try connection.client()
            let nodeName = try await ContainerLookup.node(of: ctid, given: node, client: client)
            let container = client.node(nodeName).container(ctid)
            let config: ContainerConfig
            do throws(ProxmoxError) { config = try await container.config() } catch {
                throw BuildError.api(error, during: "reading the configuration of container \(ctid)")
            }
            try ContainerRemoval.refuseProtected(config, ctid: ctid)
            if !yes {
                try Confirmation.ask("Remove container \(ctid) (\(config.options.hostname ?? "?")) on \(nodeName)?", command: "destroy",
                                     declined: "container \(ctid) was not removed")
            }
            do throws(ProxmoxError) {
                try await ContainerRemoval.stopAndDestroy(ctid: ctid, node: nodeName, client: client)
            } catch {
                throw BuildError.api(error, during: "removing container \(ctid)")
            }
            if json {
                ResultRendering.emitJSON(DestroyReport(ctid: ctid, node: nodeName))
            } else {
                TerminalOutput.shared.line("Container \(ctid) removed from \(nodeName).")
            }
        }
    }
}
