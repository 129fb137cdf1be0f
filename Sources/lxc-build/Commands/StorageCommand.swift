import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build storage`: a node's storages with type, content, space and health.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "storage", abstract: "List a node's storages with type, content, free space and health.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Node (default: PROXMOX_VE_NODE, else the only online node, the one the API answers from, or the first online one).", completion: CompletionValues.nodes) var node: String?
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws { try OptionChecks.node(node) }

    func run() async throws {
        try await reportingErrors(json: json) {
            let client = try connection.client()
            let report = try await StorageReport.read(node: NodeRequest(flag: node, environment: ProcessInfo.processInfo.environment),
                                                      client: client)
            if json {
                ResultRendering.emitJSON(report)
                return
            }
            TerminalOutput.shared.line("Node \(report.node) (\(report.nodeReason)):")
            TerminalOutput.shared.line(Table(["STORAGE", "TYPE", "CONTENT", "FREE", "USED", "HEALTH"], report.storages.map { storage in
                [storage.storage, storage.type, storage.content.joined(separator: ","), ContainerBuilder.formatBytes(storage.avail),
                 storage.usedFraction.map { "\(Int($0 * 100))%" } ?? "-", storage.health]
            }).rendered)
        }
    }
}
