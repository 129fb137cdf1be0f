import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build destroy CTID`: back a container up, then stop and remove it.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy", abstract: "Back up, stop and remove a container, or a stack's containers (asks first unless --yes).",
        discussion: """
            Where a storage takes backups on the container's node (the only one, or --backup-storage), the container is \
            backed up there first (vzdump) and the archive named; a failed backup leaves it in place (87, the task log \
            kept). --no-backup removes without one. A protected container (protection=1) is never removed (77).
            """)

    @Argument(help: "Container ID.") var ctid: Int?
    @Option(help: "Remove the containers of this stack file instead: only those whose notes carry the stack's marker with a proof of this machine's key of the stack.")
    var stack: String?
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Node the container is on (found through /cluster/resources when left out).", completion: CompletionValues.nodes) var node: String?
    @Flag(name: .customLong("no-backup"), help: "Remove without backing up first.") var noBackup = false
    @Option(name: .customLong("backup-storage"), help: ArgumentHelp(
        "Back up to this storage first (content backup); default: the only one on the container's node.", valueName: "STORAGE"),
            completion: CompletionValues.backupStorages)
    var backupStorage: String?
    @OptionGroup var assumeYes: AssumeYesOption
    var yes: Bool { assumeYes.yes }
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        guard (ctid == nil) != (stack == nil) else {
            throw ValidationError("give a container ID or --stack FILE (one of them)")
        }
        if noBackup && backupStorage != nil { throw ValidationError("--no-backup and --backup-storage: give one of them") }
        do throws(BuildError) { try BackupOptions(storage: backupStorage).validate() } catch {
            throw ValidationError(error.message.replacing("--storage", with: "--backup-storage"))
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
            let backup = try await planBackup([BackupTarget(ctid: ctid, node: nodeName, hostname: config.options.hostname)], client: client)
            if !yes {
                let first = backup.map { "\($0.summary), then " } ?? ""
                try Confirmation.ask("Remove container \(ctid) (\(config.options.hostname ?? "?")) on \(nodeName) (\(first)stop and destroy)?",
                                     command: "destroy", declined: "container \(ctid) was not removed")
            }
            var archive: String?
            if let backup {
                let (archives, failure) = await runBackup(backup)
                if let failure { throw failure }
                archive = archives[ctid]
            }
            do throws(ProxmoxError) {
                try await ContainerRemoval.stopAndDestroy(ctid: ctid, node: nodeName, client: client)
            } catch {
                throw BuildError.api(error, during: "removing container \(ctid)")
            }
            if json {
                ResultRendering.emitJSON(DestroyReport(ctid: ctid, node: nodeName, backup: archive))
            } else {
                let kept = archive.map { "; its backup is \($0) (lxc-build backups \(ctid) lists it)" } ?? " (no backup taken)"
                TerminalOutput.shared.line("Container \(ctid) removed from \(nodeName)\(kept).")
            }
        }
    }
}
