import ArgumentParser
import ContainerKit
import Foundation

/// Progress of a stack's containers on standard error, one line per event, each named by its container.
final class StackProgress: Sendable {
    private let quiet: Bool
    private let verbose: Bool
    private let log: RunLog?

    /// `quiet` prints only warnings and failures; `verbose` also each step as it starts.
    init(quiet: Bool, verbose: Bool = false, log: RunLog? = nil) {
        self.quiet = quiet
        self.verbose = verbose
        self.log = log
    }

    /// Prints one event of one container, and writes it to the log.
    func handle(_ container: String, _ event: BuildEvent) {
        log?.record(event, of: container)
        let text: String?
        switch event {
        case .started(let step): text = verbose && !quiet ? "\(step.title)..." : nil
        case .finished(let step, let detail): text = quiet ? nil : "\(step.title): \(detail)"
        case .decided(let choice): text = quiet ? nil : choice
        case .warning(let warning): text = "warning: \(warning)"
        case .failed(let step, let message): text = "failed: \(step.title): \(message)"
        }
        if let text { TerminalOutput.shared.line("\(container): \(text)", to: .errors) }
    }
}

/// Prints a stack's plan or result: text, or one JSON document with one entry per container.
enum StackRendering {
    /// `apply --plan`: every container's plan (as `plan` prints it), the existing ones with their drift.
    static func print(_ plan: StackPlan, json: Bool) throws {
        if json {
            ResultRendering.emitJSON(try StackPlanReport(plan: plan))
        } else {
            TerminalOutput.shared.line(lines(plan).joined(separator: "\n"))
        }
        if let first = plan.failures.first { throw ExitCode(first.exitCode) }
    }

    /// Every container's plan as text: what `apply --plan` prints, and what `apply` shows before it asks.
    static func lines(_ plan: StackPlan) -> [String] {
        var lines: [String] = []
        for entry in plan.entries {
            switch entry.outcome {
            case .create(let created):
                lines += ["", "== \(entry.name): create =="] + PlanRendering.lines(created)
            case .existing(let existing):
                lines += ["", "== \(entry.name): existing, \(existing.ctid) on \(existing.node); left alone =="]
                lines += existing.drift.map(driftLine)
            case .failed(let error):
                lines += ["", "== \(entry.name): cannot be planned ==", "error: \(error.description)"]
            }
        }
        return lines
    }

    /// `apply`: one line (or JSON entry) per container, the drift, the failures.
    static func print(_ result: StackResult, exitCode: BuildExitCode, json: Bool) {
        if json {
            ResultRendering.emitJSON(ApplyReport(result: result, exitCode: exitCode))
            return
        }
        var rows: [[String]] = []
        var notes: [String] = []
        for entry in result.entries {
            switch entry.outcome {
            case .created(let built):
                rows.append([entry.name, "created", String(built.ctid), built.node, built.ip ?? "-"])
            case .existing(let existing):
                rows.append([entry.name, existing.drift.isEmpty ? "existing" : "existing, drift", String(existing.ctid), existing.node, "-"])
                notes += existing.drift.map { "\(entry.name): " + driftLine($0) }
            case .failed(let error):
                rows.append([entry.name, "failed (\(error.exitCode))", "-", "-", "-"])
                notes.append("\(entry.name): error: \(error.description)")
            }
        }
        var text = "\nStack \(result.stack) (\(result.file)):\n" + Table(["NAME", "STATUS", "CTID", "NODE", "ADDRESS"], rows).rendered
        if !notes.isEmpty { text += "\n" + notes.joined(separator: "\n") }
        TerminalOutput.shared.line(text)
        if let error = result.failure(exitCode: exitCode) {
            TerminalOutput.shared.line("error: \(error.message)\n  exit code \(exitCode): \(error.explanation)", to: .errors)
        }
    }

    private static func driftLine(_ drift: StackDrift) -> String {
        "drift: \(drift.option) is \(drift.actual), the stack file says \(drift.wanted) (not changed)"
    }
}
