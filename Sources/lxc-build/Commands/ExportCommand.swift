import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build export`: existing containers as a stack file.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write existing containers as a stack file that apply reproduces (app, node, every setting they have).",
        discussion: """
            Reads each container's configuration and notes and writes, for each, its app (from the notes or tags, else its \
            OS), its node and the var_* settings apply needs to ask for what it has: OS and version (from the notes' \
            template), cores, memory, disk and its storage, unprivileged, features, net0 (bridge, address, gateway, VLAN, \
            MTU, IPv6 method), DNS, time zone, protection, tags, TUN, mount points; and the stack keys startup, pool, \
            firewall (options and rules), ha (resource and rule) and depends_on (as the notes recorded it at create). \
            Containers of one stack keep their names and the stack's name, so apply finds them as its own. What no \
            setting can say (device passthrough, more interfaces, a static IPv6 address, the MAC address, a bind mount's \
            uid/gid mapping) is written as a comment. Server text is quoted and escaped. With no CTID and --all: every container lxc-build or the community scripts built.
            """)

    @Argument(help: "Container IDs.") var ctids: [Int] = []
    @Flag(help: "Every container lxc-build or the community scripts built (list's rule).") var all = false
    @Option(help: "The stack's name (name: in the file); default: the stack whose marker the containers carry, else exported.") var name: String?
    @Option(help: ArgumentHelp("Write the file here instead of standard output (refused if it exists, unless --force).", valueName: "FILE"))
    var out: String?
    @Flag(help: "Replace FILE.") var force = false
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        for ctid in ctids { try OptionChecks.ctid(ctid) }
        guard ctids.isEmpty != !all else { throw ValidationError("give container IDs or --all, not both and not neither") }
        try OptionChecks.check { () throws(BuildError) in try StackExport.validateName(name) }
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            if let out { try StackExport.checkDestination(out, force: force) }
            let containers = try await StackExport.read(ids: ctids, client: try connection.client())
            let name = self.name ?? StackExport.stackName(of: containers) ?? "exported"
            let text = StackExport.yaml(name: name, containers: containers)
            if let out { try StackExport.write(text, to: out) }
            if json {
                ResultRendering.emitJSON(ExportReport(name: name, containers: containers, file: text))
            } else if out == nil {
                TerminalOutput.shared.line(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            } else {
                TerminalOutput.shared.line("\(containers.count) container\(containers.count == 1 ? "" : "s") written to \(out ?? "")", to: .errors)
            }
        }
    }
}
