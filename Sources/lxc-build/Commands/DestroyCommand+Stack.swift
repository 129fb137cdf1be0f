import ArgumentParser
import ContainerKit
import Foundation

extension DestroyCommand {
    /// `destroy --stack FILE`: removes the containers whose notes carry the file's stack marker with a proof this
    /// machine's key of the stack verifies, and only those; a claim that is not proved is left alone and reported (64).
    func destroyStack(_ path: String) async throws {
        try await reportingErrors(json: json) {
            let file = try StackFile.load(path)
            let environment = ProcessInfo.processInfo.environment
            let keys = StackKey.folder(environment: environment)
            let key = try StackKey.load(stack: file.name, folder: keys)
            let client = try connection.client()
            let runner = StackRunner(client: client)
            let claims = try await runner.marked(stack: file.name, key: key, containers: file.containers.map { ($0.name, $0.hostname) })
            // Dependants first (depends_on): the reverse of the order apply creates them in.
            let found = file.inDestructionOrder(claims.filter { $0.proof == .verified })
            let unproved = claims.filter { $0.proof != .verified }
            for container in unproved where !json {
                TerminalOutput.shared.line(
                    "\(container.name): container \(container.ctid) on \(container.node) left alone: "
                        + container.proof.explanation, to: .errors)
            }
            let targets = found.map { BackupTarget(ctid: $0.ctid, node: $0.node, hostname: $0.config.options.hostname) }
            let backup = try await planBackup(targets, client: client)
            if !found.isEmpty && !yes {
                let listed = found.map { "\($0.ctid) (\($0.name)) on \($0.node)" }.joined(separator: ", ")
                try Confirmation.ask("Remove the containers of stack \(file.name)\(backup.map { " (\($0.summary))" } ?? ""): \(listed)?",
                                     command: "destroy", declined: "no container of stack \(file.name) was removed")
            }
            var removed: [StackMarkedContainer] = []
            var failures: [(String, BuildError)] = []
            // The library's backup-then-remove: a container whose backup failed is kept.
            let removal = backup?.removal ?? BackedUpRemoval(targets: targets, backup: nil, plan: nil, noBackupStorage: false)
            let ran = await ContainerRemoval.remove(removal, logPath: backup?.log.path) { target async throws(BuildError) in
                guard let container = found.first(where: { $0.ctid == target.ctid }) else { return }
                try await runner.destroy(container, stack: file.name, key: key)
            }
            var archives: [Int: String] = [:]
            if let backup, let result = ran.backup {
                let finished = finishBackup(backup, result: result)
                archives = finished.archives
                if let failure = finished.failure {
                    failures.append(("", failure))
                    if !json { TerminalOutput.shared.line("error: \(failure.description)", to: .errors) }
                }
            }
            for container in found {
                if ran.removed.contains(container.ctid) {
                    removed.append(container)
                    if !json {
                        let kept = archives[container.ctid].map { "; its backup is \($0)" } ?? ""
                        TerminalOutput.shared.line("Container \(container.ctid) (\(container.name)) removed from \(container.node)\(kept).")
                    }
                } else if let error = ran.failures.first(where: { $0.ctid == container.ctid })?.error {
                    failures.append((container.name, error))
                    if !json { TerminalOutput.shared.line("\(container.name): error: \(error.description)", to: .errors) }
                }
            }
            let absent = file.containers.map(\.name).filter { name in !found.contains { $0.name == name } }
            if let refusal = Self.unprovedRefusal(unproved, stack: file.name, keyPath: StackKey.path(stack: file.name, folder: keys), hasKey: key != nil) {
                failures.append(("", refusal))
            }
            if json {
                ResultRendering.emitJSON(StackDestroyReport(stack: file.name, destroyed: removed, notFound: absent, leftAlone: unproved,
                                                            failure: failures.first?.1, backups: archives))
            } else if found.isEmpty {
                TerminalOutput.shared.line("No container of stack \(file.name) exists (none carries its proved marker).")
            }
            if let (name, first) = failures.first {
                if name.isEmpty && !json { TerminalOutput.shared.line("error: \(first.description)", to: .errors) }
                throw ExitCode(first.exitCode)
            }
        }
    }

    /// The error a `destroy --stack` ends with when containers claim the stack without a proof this machine verifies.
    static func unprovedRefusal(_ unproved: [StackMarkedContainer], stack: String, keyPath: String, hasKey: Bool) -> BuildError? {
        guard !unproved.isEmpty else { return nil }
        let listed = unproved.map { "\($0.ctid) (\($0.name))" }.joined(separator: ", ")
        let why = hasKey ? "" : " (this machine has no key of stack \(stack): \(keyPath))"
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "container(s) \(listed) claim stack \(stack) without a proof of its key\(why); left alone",
            hint: "A container is removed only when its marker's proof matches its id under the stack's key. Copy the key from "
                + "the machine that applied the stack to \(keyPath) (mode 0600), adopt a container an older lxc-build made "
                + "(lxc-build apply FILE --adopt NAME=ID), or remove it by id (lxc-build destroy ID) after checking it.")
    }
}
