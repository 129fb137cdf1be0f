import ArgumentParser
import ContainerKit

extension DestroyCommand {
    /// The plan's containers left alone (without `--json`) and its warnings, on standard error.
    func printPlan(_ plan: DestroyPlan) {
        for action in plan.actions where !json {
            switch action {
            case .leaveAlone, .leaveProtected: TerminalOutput.shared.line(action.description, to: .errors)
            case .backUp, .stopAndDestroy: break
            }
        }
        for warning in plan.warnings { TerminalOutput.shared.line("warning: \(warning)", to: .errors) }
    }

    /// Each archive written, one line (without `--json`).
    func printArchives(_ result: DestroyResult) {
        guard !json else { return }
        for outcome in result.backup?.outcomes ?? [] {
            guard let volid = outcome.volid, outcome.succeeded else { continue }
            TerminalOutput.shared.line("Container \(outcome.target.ctid) backed up to \(volid).")
        }
    }

    /// `destroy CTID`'s result: the container removed and its archive (or ``DestroyReport``); its error thrown.
    func render(_ result: DestroyResult) throws {
        printArchives(result)
        if let error = result.error { throw error }
        if json {
            ResultRendering.emitJSON(DestroyReport(result: result))
        } else if let target = result.removed.first {
            let kept = result.archives[target.ctid].map { "; its backup is \($0) (lxc-build backups \(target.ctid) lists it)" } ?? " (no backup taken)"
            TerminalOutput.shared.line("Container \(target.ctid) removed from \(target.node)\(kept).")
        }
    }

    /// `destroy --stack`'s result: each container removed (or not, with why) and the run's error (or
    /// ``StackDestroyReport``); ends with the first error's code.
    func renderStack(_ result: DestroyResult) throws {
        printArchives(result)
        let runErrors = result.failures.filter { $0.target == nil }.map(\.error)
        let backupFailed = result.backup.map { !$0.failed.isEmpty } ?? false
        if backupFailed, let failure = runErrors.first, !json { TerminalOutput.shared.line("error: \(failure.description)", to: .errors) }
        if !json {
            for target in result.plan.removals + result.plan.protected {
                if result.removed.contains(target) {
                    let kept = result.archives[target.ctid].map { "; its backup is \($0)" } ?? ""
                    TerminalOutput.shared.line("Container \(target.ctid) (\(target.name ?? "?")) removed from \(target.node)\(kept).")
                } else if let failure = result.failures.first(where: { $0.target == target }) {
                    TerminalOutput.shared.line("\(target.name ?? "?"): error: \(failure.error.description)", to: .errors)
                }
            }
        }
        if json {
            ResultRendering.emitJSON(StackDestroyReport(result: result))
        } else if !result.plan.removesAny, result.plan.protected.isEmpty, case .stack(let stack) = result.plan.scope {
            TerminalOutput.shared.line("No container of stack \(stack) exists (none carries its proved marker).")
        }
        guard let first = result.failures.first else { return }
        // The backup's failure was said above; a claim not proved is said here.
        if first.target == nil && !json && !backupFailed { TerminalOutput.shared.line("error: \(first.error.description)", to: .errors) }
        throw ExitCode(first.error.exitCode)
    }
}
