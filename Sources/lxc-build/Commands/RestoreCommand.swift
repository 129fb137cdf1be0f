import ArgumentParser
import ContainerKit
import Foundation

/// `lxc-build restore ARCHIVE|CTID --latest`: a container from a vzdump archive.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Create a container from a backup archive (vzdump), under a new id or over a container lxc-build built.",
        discussion: """
            ARCHIVE is a backup's volume id (STORAGE:backup/vzdump-lxc-CTID-DATE.tar.zst); CTID --latest takes that \
            container's newest archive on the cluster's backup storages. By default the container gets the next free \
            id (--ctid to choose), on the archive's node (--node), on the container storage create would choose \
            (--storage). --force restores over the existing container of that id, only when its notes carry \
            lxc-build's mark or it is named with --replace CTID; it is backed up first (unless --no-backup) and \
            stopped. The restored container keeps its notes with a `- Restored from:` line. The plan is printed and \
            asked about unless --yes. Refusals come before any change: 64 usage, 77 a container lxc-build did not \
            build or a missing privilege, 206 an id in use without --force, 234 no such archive; a failed restore \
            removes what it created and ends with 88, naming the backup taken first. Docs/recovery.md.
            """)

    @Argument(help: ArgumentHelp("The archive's volume id, or with --latest a container id.", valueName: "ARCHIVE|CTID")) var source: String
    @Flag(help: "Restore the newest archive of the container id given.") var latest = false
    @Option(help: "The id to restore as (default: the next free one; with --force, the archive's container).") var ctid: Int?
    @Option(help: "Node to restore on (default: the archive's node).", completion: CompletionValues.nodes) var node: String?
    @Option(help: "Storage for the restored volumes (default: the replaced container's, else the one create would choose).")
    var storage: String?
    @Flag(help: "Give the restored network interfaces new MAC addresses.") var unique = false
    @Flag(help: "Start the container once restored.") var start = false
    @Flag(help: "Restore over the existing container of that id (only one lxc-build built, or the one --replace names).") var force = false
    @Option(help: ArgumentHelp("Restore over this container although lxc-build did not build it (implies --force).", valueName: "CTID"))
    var replace: Int?
    @Flag(inversion: .prefixedNo, help: "Back up the container restored over first (default).") var backup = true
    @Option(name: .customLong("backup-storage"), help: "Where that backup goes (default: the archive's storage).") var backupStorage: String?
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var assumeYes: AssumeYesOption
    var yes: Bool { assumeYes.yes }
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        _ = try restoreSource()
        if let ctid { try OptionChecks.ctid(ctid) }
        if let replace { try OptionChecks.ctid(replace) }
        try OptionChecks.node(node)
    }

    /// The archive, or the container whose newest archive `--latest` takes (ContainerKit's rule).
    private func restoreSource() throws -> ContainerRestore.Source {
        let parsed: ContainerRestore.Source
        do throws(BuildError) { parsed = try ContainerRestore.Source(argument: source, latest: latest) } catch { throw ValidationError(error.message) }
        if case .latest(let id) = parsed { try OptionChecks.ctid(id) }
        return parsed
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            var options = ContainerRestore.Options()
            options.ctid = ctid
            options.node = node
            options.storage = storage
            options.unique = unique
            options.start = start
            options.force = force
            options.replace = replace
            options.backupFirst = backup
            options.backupStorage = backupStorage
            let quiet = json
            let restore = ContainerRestore(client: try connection.client(), options: options) { line in
                if !quiet { TerminalOutput.shared.line("… \(line)", to: .errors) }
            }
            let plan = try await restore.plan(try restoreSource())
            let stream: TerminalOutput.Stream = json ? .errors : .output
            TerminalOutput.shared.line("Restore of \(plan.archive.volid) as container \(plan.ctid) on \(plan.node):", to: stream)
            for (index, step) in plan.steps.enumerated() { TerminalOutput.shared.line("  \(index + 1). \(step)", to: stream) }
            for warning in plan.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
            if !yes {
                let over = plan.replaced.map { " over container \($0.ctid)" } ?? ""
                try Confirmation.ask("Restore \(plan.archive.fileName)\(over)?", command: "restore", declined: "nothing was restored")
            }
            // From here a signal or a closed output stops the restore between its steps; a PVE task begun runs to its end.
            let result = try await SignalTrap.running { () throws(BuildError) in try await restore.execute(plan) }
            for warning in result.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
            if json {
                ResultRendering.emitJSON(RestoreReport(result: result))
            } else {
                let backup = result.backupVolid.map { "; its state before is in \($0)" } ?? ""
                TerminalOutput.shared.line("Container \(plan.ctid) restored from \(plan.archive.volid) on \(plan.node)\(result.started ? " and started" : "")\(backup).")
            }
        }
    }
}
