import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build backup`: vzdump of chosen containers, one task per node at a time, with pruning of older archives.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back containers up with PVE's vzdump (one task per node at a time), optionally pruning older archives.",
        discussion: """
            Chooses the containers (ids, --all as list shows them, --tag, or a stack file's proved containers), the \
            storage (one that takes backups on every node involved: --storage, or the only one; 64 otherwise, naming \
            those that would do) and checks its free space against the containers' used disk (214) before anything \
            is written. Prints the plan (each archive to be written and each older one --keep-last removes; a \
            protected archive is never removed) and asks unless --yes. Each node runs one backup at a time, the \
            nodes at the same time; each task is waited for. A failed backup ends with 87 and keeps its task log \
            in the run log (its path is printed); the others are still made.
            """)

    @Argument(help: "Container IDs.") var ctids: [Int] = []
    @Flag(help: "Every container lxc-build or the community scripts built (as list shows them).") var all = false
    @Option(help: "The built containers with this tag.") var tag: String?
    @Option(help: ArgumentHelp("The containers of this stack file (those whose marker this machine's key proves).", valueName: "FILE"))
    var stack: String?
    @Option(help: "Storage for the archives (content backup); default: the only one on the containers' nodes.",
            completion: CompletionValues.backupStorages) var storage: String?
    @Option(help: "vzdump's mode: snapshot, suspend or stop.", completion: .list(VzdumpRequest.Mode.allCases.map(\.rawValue)))
    var mode: String = "snapshot"
    @Option(help: "Compression: zstd, gzip, lzo or none.", completion: .list(VzdumpRequest.Compression.allCases.map(\.rawValue)))
    var compress: String = "zstd"
    @Option(help: "Notes of each archive; {{guestname}}, {{vmid}}, {{node}} and {{cluster}} are replaced (default: \"{{guestname}} (lxc-build backup)\").")
    var notes: String?
    @Flag(help: "Mark each archive protected (never pruned, nor removed until lifted).") var protected = false
    @Option(name: .customLong("keep-last"), help: ArgumentHelp(
        "Keep the N newest unprotected archives of each container on the storage, the new one included; remove the older ones.", valueName: "N"))
    var keepLast: Int?
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var assumeYes: AssumeYesOption
    var yes: Bool { assumeYes.yes }
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        do throws(BuildError) { try selection.validateForBackup() } catch { throw ValidationError(error.message) }
        for ctid in ctids { try OptionChecks.ctid(ctid) }
        do throws(BuildError) { _ = try options() } catch { throw ValidationError(error.message) }
    }

    /// The backup's options from the flags, checked by ContainerKit's rules.
    private func options() throws(BuildError) -> BackupOptions {
        try BackupOptions(storage: storage, modeName: mode, compressionName: compress, notes: notes, isProtected: protected, keepLast: keepLast)
    }

    private var selection: ContainerSelection {
        ContainerSelection(ids: ctids, all: all, tag: tag, stackFile: stack)
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let (backup, log) = try BackupRendering.backup(client: try connection.client(), options: try options(), json: json, ask: !yes)
            let plan: BackupPlan
            do {
                plan = try await backup.plan(selection)
                BackupRendering.printPlan(plan, json: json)
                if !yes {
                    try Confirmation.ask("Back up \(plan.items.count) container(s) to \(plan.storage)?", command: "backup",
                                         declined: "nothing was backed up")
                }
            } catch {
                log.discard()
                throw error
            }
            // From here a signal or a closed output stops the backups: PVE is asked to stop the running vzdump tasks.
            let trap = SignalTrap()
            let work = Task { await backup.execute(plan) }
            trap.cancel(work)
            try BackupRendering.finish(await work.value, log: log, json: json)
        }
    }
}
