import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build nodes`: cluster nodes with status and free resources.
struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nodes", abstract: "List the cluster's nodes with status and free resources.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func run() async throws {
        try await reportingErrors(json: json) {
            let nodes = try await connection.client().nodes().sorted { $0.node < $1.node }
            if json {
                ResultRendering.emitJSON(NodesReport(nodes: nodes))
                return
            }
            TerminalOutput.shared.line(Table(["NODE", "STATUS", "CPUS", "MEMORY FREE"], nodes.map { node in
                [node.node, node.status, node.maxCPU.map(String.init) ?? "-", ContainerBuilder.formatBytes(node.freeMemory)]
            }).rendered)
        }
    }
}
