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

    /// The options of the backup taken first.
    var options: DestroyOptions { DestroyOptions(backUp: !noBackup, backupStorage: backupStorage, storageSetting: "--backup-storage") }

    func validate() throws {
        guard (ctid == nil) != (stack == nil) else {
            throw ValidationError("give a container ID or --stack FILE (one of them)")
        }
        do throws(BuildError) { try options.validate() } catch { throw ValidationError(error.message) }
        if let ctid { try OptionChecks.ctid(ctid) }
        try OptionChecks.node(node)
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let file = try stack.map { path throws(BuildError) in try StackFile.load(path) }
            let client = try connection.client()
            let destruction = try destruction(client: client)
            let plan: DestroyPlan
            if let file {
                plan = try await destruction.plan(stack: file)
            } else if let ctid {
                plan = try await destruction.plan(ctid: ctid, node: node)
            } else {
                return
            }
            printPlan(plan)
            if plan.removesAny && !yes {
                do throws(BuildError) {
                    try Confirmation.ask(plan.question, command: "destroy", declined: plan.declined)
                } catch {
                    destruction.backup?.log?.discard()
                    throw error
                }
            }
            // From here a signal or a closed output stops the run: PVE is asked to stop a running backup task.
            let result = try await SignalTrap.running { () throws(BuildError) in
                let result = await destruction.execute(plan)
                // Stopped by a signal or a closed output: the run ends with the stop's code and message.
                if let error = result.error, error.exitCode == BuildExitCode.interrupted { throw error }
                return result
            }
            if case .stack = plan.scope { try renderStack(result) } else { try render(result) }
        }
    }

    /// The destruction the options ask for, its backup run (when there is one) with a new run log and its progress on
    /// standard error (``BackupRendering/backup(client:options:json:ask:)``).
    func destruction(client: ProxmoxClient) throws(BuildError) -> ContainerDestruction {
        guard let backupOptions = options.backupOptions else { return ContainerDestruction(client: client, options: options, backup: nil) }
        let (backup, _) = try BackupRendering.backup(client: client, options: backupOptions, json: json, ask: !yes)
        return ContainerDestruction(client: client, options: options, backup: backup)
    }
}
