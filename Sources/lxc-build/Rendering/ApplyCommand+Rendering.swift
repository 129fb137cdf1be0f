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
        let failures = plan.entries.compactMap { if case .failed(let error) = $0.outcome { error } else { nil } }
        if json {
            var entries: [[String: Any]] = []
            for entry in plan.entries {
                var object: [String: Any] = ["name": entry.name]
                switch entry.outcome {
                case .create(let created):
                    object["status"] = "create"
                    object["plan"] = try PlanRendering.object(created)
                case .existing(let existing):
                    object.merge(existingObject(existing)) { $1 }
                case .failed(let error):
                    object["status"] = "failed"
                    object["error"] = ResultRendering.errorObject(error)
                }
                entries.append(object)
            }
            var document: [String: Any] = ["stack": plan.stack, "file": plan.file, "containers": entries]
            if let first = failures.first { document["error"] = ResultRendering.errorObject(first) }
            ResultRendering.emitJSON(document)
        } else {
            TerminalOutput.shared.line(lines(plan).joined(separator: "\n"))
        }
        if let first = failures.first { throw ExitCode(first.exitCode) }
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
    static func print(_ result: StackResult, exitCode: Int32, json: Bool) {
        if json {
            let entries = result.entries.map { entry -> [String: Any] in
                var object: [String: Any] = ["name": entry.name]
                switch entry.outcome {
                case .created(let built):
                    object.merge([
                        "status": "created", "ctid": built.ctid, "node": built.node, "hostname": built.hostname, "ip": built.ip ?? NSNull(),
                        "template": built.template, "warnings": ResultRendering.warningObjects(built.substitutions, built.warnings),
                    ]) { $1 }
                case .existing(let existing):
                    object.merge(existingObject(existing)) { $1 }
                case .failed(let error):
                    object["status"] = "failed"
                    object["error"] = ResultRendering.errorObject(error)
                }
                return object
            }
            var document: [String: Any] = ["stack": result.stack, "file": result.file, "containers": entries]
            document["status"] = exitCode == 0 ? "applied" : "failed"
            if exitCode != 0 { document["error"] = ResultRendering.errorObject(summary(result, exitCode: exitCode)) }
            ResultRendering.emitJSON(document)
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
        if exitCode != 0 {
            let error = summary(result, exitCode: exitCode)
            TerminalOutput.shared.line("error: \(error.message)\n  exit code \(exitCode): \(error.explanation)", to: .errors)
        }
    }

    private static func summary(_ result: StackResult, exitCode: Int32) -> BuildError {
        let failed = result.failures.map(\.name)
        let message = result.interrupted || [129, 130, 131, 141, 143].contains(exitCode)
            ? "stopped; what this run created was removed"
            : "\(failed.count) of \(result.entries.count) containers failed (\(failed.joined(separator: ", "))); the others exist or were created"
        return BuildError(exitCode: exitCode, message: message)
    }

    private static func existingObject(_ existing: StackExisting) -> [String: Any] {
        ["status": "existing", "ctid": existing.ctid, "node": existing.node,
         "drift": existing.drift.map { ["option": $0.option, "wanted": $0.wanted, "actual": $0.actual] }]
    }

    private static func driftLine(_ drift: StackDrift) -> String {
        "drift: \(drift.option) is \(drift.actual), the stack file says \(drift.wanted) (not changed)"
    }
}
