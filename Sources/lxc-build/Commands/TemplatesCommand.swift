import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

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
            let request = NodeRequest(flag: node, environment: ProcessInfo.processInfo.environment)
            try request.validate(allowAuto: false)
            let (name, reason) = try await NodeSelection.resolve(request, client: client)
            let handle = client.node(name)
            var rows: [(template: TemplateName, source: String)] = []
            for storage in try await handle.storages(content: "vztmpl") {
                for item in try await handle.storageContent(storage.storage, content: "vztmpl") {
                    if let template = TemplateName(item.fileName) { rows.append((template, storage.storage)) }
                }
            }
            for row in (try? await handle.applianceTemplates()) ?? [] where (row.section ?? "system") == "system" {
                if let template = TemplateName(row.template) { rows.append((template, "catalog")) }
            }
            if let os { rows = rows.filter { $0.template.os == os.lowercased() } }
            rows.sort { $0.template == $1.template ? $0.source < $1.source : $1.template < $0.template }
            if json {
                ResultRendering.emitJSON(TemplatesReport(node: name, nodeReason: reason, templates: rows.map { TemplatesReport.Template($0.template, source: $0.source) }))
                return
            }
            TerminalOutput.shared.line("Node \(name) (\(reason)):")
            TerminalOutput.shared.line(Table(["TEMPLATE", "OS", "VERSION", "WHERE"], rows.map { [$0.template.fileName, $0.template.os, $0.template.osVersion, $0.source] }).rendered)
        }
    }
}
