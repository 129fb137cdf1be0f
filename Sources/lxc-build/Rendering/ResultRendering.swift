import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// Prints a build's result (text or JSON) and ends with its exit code.
enum ResultRendering {
    static func print(_ result: Result<BuildResult, BuildError>, json: Bool) throws {
        switch result {
        case .success(let built):
            if json {
                emitJSON(CreateReport(result: built))
            } else {
                var lines = ["", "Container \(built.ctid) (\(built.hostname)) is running on \(built.node)."]
                lines.append("  template: \(built.template)")
                lines.append("  storage:  \(built.containerStorage) (templates on \(built.templateStorage))")
                lines.append("  address:  \(built.ip ?? "not known yet")")
                for warning in built.substitutions.map(\.message) + built.warnings { lines.append("  warning:  \(warning)") }
                TerminalOutput.shared.line(lines.joined(separator: "\n"))
            }
        case .failure(let error):
            report(error, json: json)
            throw ExitCode(error.exitCode)
        }
    }

    /// Prints a failure: ``FailureReport`` (`{"status": "failed", "error": {...}}`, with `app` when given) on
    /// stdout with `--json`, else `error: MESSAGE` and the exit code's explanation on stderr. Every command's
    /// failures go through here.
    static func report(_ error: BuildError, json: Bool, app: String? = nil) {
        if json {
            emitJSON(FailureReport(error, app: app))
        } else {
            TerminalOutput.shared.line("error: \(error.description)\n  exit code \(error.exitCode): \(error.explanation)", to: .errors)
        }
    }

    /// Prints `report` as the one JSON document on stdout (``ReportEncoder``).
    static func emitJSON(_ report: some Encodable) {
        guard let text = try? ReportEncoder.text(report) else { return }
        TerminalOutput.shared.json(text)
    }
}

/// Prints a plan: decisions, then the requests create would send, secrets masked.
enum PlanRendering {
    static func print(_ plan: CreatePlan, json: Bool) throws {
        if json {
            ResultRendering.emitJSON(try PlanReport(plan: plan))
        } else {
            TerminalOutput.shared.line(lines(plan).joined(separator: "\n"))
        }
    }

    /// A plan as text, one line each.
    static func lines(_ plan: CreatePlan) -> [String] {
        var lines = [
            "Plan for \(plan.spec.app) on \(plan.node) (\(plan.nodeReason)), Proxmox VE \(plan.pveVersion), as \(plan.identity):",
            "  ctid:      \(plan.ctid)\(Summary.substituted(.ctid, in: plan))",
            "  template:  \(plan.template.volid)\(plan.template.needsDownload ? " (downloaded first)" : "")"
                + Summary.substituted(.templateVersion, in: plan),
            "  storage:   \(plan.containerStorage)",
        ]
        if let check = plan.nodeShellCheck { lines.append("  node shell: \(check)") }
        if !plan.spec.appEscalations.isEmpty {
            lines.append("App asks for (its script's values, beyond the built-in container; its install script runs as root in it):")
            for escalation in plan.spec.appEscalations { lines.append("  \(escalation)") }
        }
        if !plan.hostSideActions.isEmpty {
            lines.append("Host-side actions (as root on \(plan.node)):")
            for action in plan.hostSideActions { lines.append("  \(action)") }
        }
        lines += ["", "What create does, in order (the requests it sends, what it runs through the node shell):"]
        for (number, action) in plan.actions.enumerated() {
            lines.append("  \(number + 1). \(action)")
            for request in action.requests { lines += requestLines(request, indent: "       ") }
            for command in action.nodeShell { lines.append("       node shell: \(command)") }
            if !action.environmentNames.isEmpty {
                lines.append("       environment: \(action.environmentNames.joined(separator: " "))")
            }
        }
        for warning in plan.substitutions.map(\.message) + plan.warnings { lines.append("warning: \(warning)") }
        return lines
    }

    /// A request as the plans print it: its method and path after `indent`, then each parameter (secrets masked), one a line.
    static func requestLines(_ request: APIRequest, indent: String) -> [String] {
        ["\(indent)\(request.method.rawValue) \(request.path)"] + request.parameters.map { parameter in
            "\(indent)    \(parameter.name)=\(parameter.value.description.replacingOccurrences(of: "\n", with: "\\n"))"
        }
    }
}
