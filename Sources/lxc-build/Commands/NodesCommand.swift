import ArgumentParser
import ContainerKit

/// `lxc-build nodes`: cluster nodes with status and free resources.
struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nodes", abstract: "List the cluster's nodes with status and free resources.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func run() async throws {
        try await reportingErrors(json: json) {
            let report = try await NodesReport.read(client: try connection.client())
            if json {
                ResultRendering.emitJSON(report)
                return
            }
            TerminalOutput.shared.line(Table(["NODE", "STATUS", "CPUS", "MEMORY FREE"], report.nodes.map { node in
                [node.node, node.status, node.maxcpu.map(String.init) ?? "-", ContainerBuilder.formatBytes(node.freemem)]
            }).rendered)
        }
    }
}
