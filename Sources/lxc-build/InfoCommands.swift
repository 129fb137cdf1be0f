import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build nodes`: cluster nodes with status and free resources.
struct NodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nodes", abstract: "List the cluster's nodes with status and free resources.")

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let nodes = try await connection.client().nodes().sorted { $0.node < $1.node }
            if json {
                ResultRendering.emitJSON(["nodes": nodes.map { node -> [String: Any] in
                    ["node": node.node, "status": node.status, "cpu": node.cpu ?? NSNull(), "maxcpu": node.maxCPU ?? NSNull(),
                     "mem": node.memory ?? NSNull(), "maxmem": node.maxMemory ?? NSNull(), "freemem": node.freeMemory ?? NSNull()]
                }])
                return
            }
            TerminalOutput.shared.line(Table(["NODE", "STATUS", "CPUS", "MEMORY FREE"], nodes.map { node in
                [node.node, node.status, node.maxCPU.map(String.init) ?? "-", ContainerBuilder.formatBytes(node.freeMemory)]
            }).rendered)
        }
    }
}

/// `lxc-build storage`: a node's storages with type, content, space and health.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "storage", abstract: "List a node's storages with type, content, free space and health.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Node (default: the only online node, the one the API answers from, or the first online one).", completion: CompletionValues.nodes) var node: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws { try OptionChecks.node(node) }

    func run() async throws {
        try await reportingErrors(json: json) {
            let client = try connection.client()
            let name = try await NodeSelection.resolve(node, client: client)
            let storages = try await client.node(name).storages().sorted { $0.storage < $1.storage }
            if json {
                ResultRendering.emitJSON(["node": name, "storages": storages.map { storage -> [String: Any] in
                    ["storage": storage.storage, "type": storage.type, "content": storage.content, "active": storage.active,
                     "enabled": storage.enabled, "shared": storage.shared, "total": storage.total ?? NSNull(),
                     "used": storage.used ?? NSNull(), "avail": storage.available ?? NSNull(),
                     "usedFraction": storage.usedFraction ?? NSNull(), "health": StorageHealth(storage).rawValue]
                }])
                return
            }
            TerminalOutput.shared.line(Table(["STORAGE", "TYPE", "CONTENT", "FREE", "USED", "HEALTH"], storages.map { storage in
                [storage.storage, storage.type, storage.content.joined(separator: ","), ContainerBuilder.formatBytes(storage.available),
                 storage.usedFraction.map { "\(Int($0 * 100))%" } ?? "-", StorageHealth(storage).rawValue]
            }).rendered)
        }
    }
}

/// `lxc-build templates`: local templates and the catalog's, newest first.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "templates", abstract: "List container templates: local ones and the node's catalog, newest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Node (default: the only online node, the one the API answers from, or the first online one).", completion: CompletionValues.nodes) var node: String?
    @Option(help: "Only this OS (debian, ubuntu, alpine, ...).") var os: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        try OptionChecks.node(node)
        try OptionChecks.os(os)
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let client = try connection.client()
            let name = try await NodeSelection.resolve(node, client: client)
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
                ResultRendering.emitJSON(["node": name, "templates": rows.map { row -> [String: Any] in
                    ["template": row.template.fileName, "os": row.template.os, "version": row.template.osVersion,
                     "arch": row.template.arch, "source": row.source]
                }])
                return
            }
            TerminalOutput.shared.line(Table(["TEMPLATE", "OS", "VERSION", "WHERE"], rows.map { [$0.template.fileName, $0.template.os, $0.template.osVersion, $0.source] }).rendered)
        }
    }
}

/// `lxc-build explain-exit CODE`: what an exit code means; `--all`: every code lxc-build exits with.
struct ExplainExitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-exit", abstract: "Explain an exit code (build.func's table), or list every code lxc-build exits with (--all).")

    @Argument(help: "The exit code.") var code: Int32?
    @Flag(help: "List every exit code lxc-build exits with and when (the table of Docs/exit-codes.md and the man page).")
    var all = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (code == nil) == all else { throw ValidationError("give an exit code, or --all for the whole table") }
    }

    func run() throws {
        guard let code else { return listAll() }
        let explanation = ExitCodes.explanation(for: code)
        let category = ExitCodes.category(for: code)
        if json {
            ResultRendering.emitJSON(["code": Int(code), "explanation": explanation, "category": category])
        } else {
            TerminalOutput.shared.line("\(code): \(explanation) [\(category)]")
        }
    }

    private func listAll() {
        if json {
            ResultRendering.emitJSON(["codes": ExitCodes.documented.map { row -> [String: Any] in
                ["codes": row.codes.map(Int.init), "when": row.when,
                 "explanations": row.codes.map(ExitCodes.explanation(for:)), "categories": row.codes.map(ExitCodes.category(for:))]
            }])
        } else {
            TerminalOutput.shared.line(Table(["CODE", "CATEGORY", "WHEN"], ExitCodes.documented.map { row in
                [row.codes.map(String.init).joined(separator: "/"), Set(row.codes.map(ExitCodes.category(for:))).sorted().joined(separator: ","), row.when]
            }).rendered)
        }
    }
}

/// `lxc-build destroy CTID`: stop and remove a container.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Stop and remove a container, or a stack's containers (asks first unless --yes).")

    @Argument(help: "Container ID.") var ctid: Int?
    @Option(help: "Remove the containers of this stack file instead: only those whose notes carry the stack's marker.")
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
            if config.options.protection == true {
                throw BuildError(exitCode: ExitCodes.permissionDenied, message: "container \(ctid) has protection set; turn it off first (pct set \(ctid) --protection 0)")
            }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw BuildError(exitCode: ExitCodes.usage, message: "destroy asks for confirmation and there is no terminal: add --yes")
                }
                TerminalOutput.shared.write("Remove container \(ctid) (\(config.options.hostname ?? "?")) on \(nodeName)? [y/N] ", to: .errors)
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    throw BuildError(exitCode: ExitCodes.declined, message: "container \(ctid) was not removed: the answer was no")
                }
            }
            do throws(ProxmoxError) {
                try await ContainerRemoval.stopAndDestroy(ctid: ctid, node: nodeName, client: client)
            } catch {
                throw BuildError.api(error, during: "removing container \(ctid)")
            }
            if json {
                ResultRendering.emitJSON(["ctid": ctid, "node": nodeName, "status": "destroyed"])
            } else {
                TerminalOutput.shared.line("Container \(ctid) removed from \(nodeName).")
            }
        }
    }
}

/// A plain text table with aligned columns.
struct Table {
    let header: [String]
    let rows: [[String]]

    init(_ header: [String], _ rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    var rendered: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
