import ArgumentParser
import ContainerKit
import Foundation

/// Progress of a stack's containers on standard error, each line named by its container, as `create` shows its
/// steps: on a terminal a spinner names the step running (the latest one started, and how many more run), then
/// ✔️ / ✖️ / 💡 lines in colour. Without a terminal, or with NO_COLOR, plain lines, and each step's start is a
/// line of its own (NO_COLOR drops colour, never progress); so is every start after a signal stopped the run.
final class StackProgress: @unchecked Sendable {
    private let quiet: Bool
    private let verbose: Bool
    private let log: RunLog?
    private let decorated: Bool
    private let output: TerminalOutput
    private let lock = NSLock()
    /// The steps running, in the order they started.
    private var running: [(container: String, step: BuildStep)] = []
    private var spinner: Spinner?

    /// `quiet` prints only warnings and failures; `verbose` keeps a line for each step's start on a terminal too.
    init(quiet: Bool, verbose: Bool = false, log: RunLog? = nil, environment: [String: String] = [:], output: TerminalOutput = .shared) {
        self.quiet = quiet
        self.verbose = verbose
        self.log = log
        decorated = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        self.output = output
    }

    /// Prints one event of one container, and writes it to the log.
    func handle(_ container: String, _ event: BuildEvent) {
        log?.record(event, of: container)
        lock.withLock { show(container, event) }
    }

    /// Stops the spinner and forgets the steps still running: a plan that failed leaves its step unfinished, and
    /// nothing may spin while the plans are shown, the question is asked or the result is printed.
    func settle() {
        lock.withLock {
            running.removeAll()
            spinner?.stop()
            spinner = nil
        }
    }

    private func show(_ container: String, _ event: BuildEvent) {
        let spins = decorated && !quiet && output.showsStatus
        switch event {
        case .started(let step):
            running.append((container, step))
            if !quiet && (verbose || !spins) { line(container, "⏳", "\(step.title)...", style: .waiting) }
        case .finished(let step, let detail):
            finish(container, step)
            if !quiet { line(container, "✔️ ", "\(step.title): \(detail)", style: .success) }
        case .decided(let choice):
            if !quiet { line(container, "💡", choice, style: .note) }
        case .warning(let warning):
            line(container, "⚠️ ", "warning: \(warning)", style: .warning)
        case .failed(let step, let message):
            // A failure ends every step of its container (the builder overlaps some).
            running.removeAll { $0.container == container }
            line(container, "✖️ ", "failed: \(step.title): \(message)", style: .failure)
        }
        guard spins, let latest = running.last else {
            spinner?.stop()
            spinner = nil
            return
        }
        let more = running.count > 1 ? " (\(running.count - 1) more running)" : ""
        let text = "\(latest.container): \(latest.step.title)...\(more)"
        if let spinner { spinner.update(text) } else { spinner = Spinner(text, output: output) }
    }

    private func finish(_ container: String, _ step: BuildStep) {
        if let index = running.firstIndex(where: { $0.container == container && $0.step == step }) {
            running.remove(at: index)
        }
    }

    private func line(_ container: String, _ symbol: String, _ text: String, style: TerminalOutput.Style) {
        spinner?.stop()
        spinner = nil
        output.line("\(container): \(text)", symbol: symbol, style: style, decorated: decorated)
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
    }

    /// Every container's plan as text: what `apply --plan` prints, and what `apply` shows before it asks.
    static func lines(_ plan: StackPlan) -> [String] {
        var lines: [String] = []
        for entry in plan.entries {
            switch entry.outcome {
            case .create(let created):
                lines += ["", "== \(entry.name): create =="] + PlanRendering.lines(created)
                if !entry.dependsOn.isEmpty { lines.append("Created after \(entry.dependsOn.joined(separator: ", ")) (depends_on), each running first.") }
            case .existing(let existing):
                let changed = plan.converge && !existing.changes.isEmpty
                lines += ["", "== \(entry.name): existing, \(existing.ctid) on \(existing.node); \(changed ? "changed in place" : "left alone") =="]
                lines += existing.drift.map { driftLine($0, existing: existing, converge: plan.converge) }
                if changed { lines += existing.changes.flatMap { PlanRendering.requestLines($0, indent: "  ") } }
            case .failed(let error):
                lines += ["", "== \(entry.name): cannot be planned ==", "error: \(error.description)"]
            }
        }
        lines += orphanLines(plan)
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
                let status = existing.drift.isEmpty ? "existing" : existing.converged ? "existing, converged" : "existing, drift"
                rows.append([entry.name, status, String(existing.ctid), existing.node, "-"])
                notes += existing.drift.map { "\(entry.name): " + driftLine($0, existing: existing, converge: existing.converged) }
            case .failed(let error):
                rows.append([entry.name, "failed (\(error.exitCode))", "-", "-", "-"])
                notes.append("\(entry.name): error: \(error.description)")
            }
        }
        var text = "\nStack \(result.stack) (\(result.file)):\n" + Table(["NAME", "STATUS", "CTID", "NODE", "ADDRESS"], rows).rendered
        notes += orphanLines(result)
        if !notes.isEmpty { text += "\n" + notes.joined(separator: "\n") }
        TerminalOutput.shared.line(text)
        if let error = result.failure(exitCode: exitCode) {
            TerminalOutput.shared.line("error: \(error.message)\n  exit code \(exitCode): \(error.explanation)", to: .errors)
        }
    }

    private static func driftLine(_ drift: StackDrift, existing: StackExisting, converge: Bool) -> String {
        let fate = existing.rebuild.contains(drift) ? "only a rebuild changes it" : converge ? "changed in place" : "not changed; --converge changes it"
        return "drift: \(drift.option) is \(drift.actual), the stack file says \(drift.wanted) (\(fate))"
    }
}
