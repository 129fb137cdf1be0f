import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

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
            let request = NodeRequest(flag: node, environment: ProcessInfo.processInfo.environment)
            try request.validate(allowAuto: false)
            let (name, reason) = try await NodeSelection.resolve(request, client: client)
            let storages = try await client.node(name).storages().sorted { $0.storage < $1.storage }
            if json {
                ResultRendering.emitJSON(StorageReport(node: name, nodeReason: reason, storages: storages))
                return
            }
            TerminalOutput.shared.line("Node \(name) (\(reason)):")
            TerminalOutput.shared.line(Table(["STORAGE", "TYPE", "CONTENT", "FREE", "USED", "HEALTH"], storages.map { storage in
                [storage.storage, storage.type, storage.content.joined(separator: ","), ContainerBuilder.formatBytes(storage.available),
                 storage.usedFraction.map { "\(Int($0 * 100))%" } ?? "-", StorageHealth(storage).rawValue]
            }).rendered)
        }
    }
}
