import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build templates`: local templates and the catalog's, newest first.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "List container templates: local ones and the node's catalog, newest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Node (default: PROXMOX_VE_NODE, else the only online node, the one the API answers from, or the first online one).", completion: CompletionValues.nodes) var node: String?
    @Option(help: "Only this OS (debian, ubuntu, alpine, ...).") var os: String?
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        try OptionChecks.node(node)
        try OptionChecks.os(os)
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let client = try connection.client()
            let report = try await TemplatesReport.read(node: NodeRequest(flag: node, environment: ProcessInfo.processInfo.environment),
                                                        os: os, client: client)
            if json {
                ResultRendering.emitJSON(report)
                return
            }
            TerminalOutput.shared.line("Node \(report.node) (\(report.nodeReason)):")
            TerminalOutput.shared.line(Table(["TEMPLATE", "OS", "VERSION", "WHERE"], report.templates.map { [$0.template, $0.os, $0.version, $0.source] }).rendered)
        }
    }
}
