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
                var object: [String: Any] = [
                    "ctid": built.ctid, "node": built.node, "hostname": built.hostname, "template": built.template,
                    "storage": built.containerStorage, "templateStorage": built.templateStorage, "status": built.status,
                    "warnings": warningObjects(built.substitutions, built.warnings),
                ]
                object["ip"] = built.ip ?? NSNull()
                emitJSON(object)
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

    /// Prints a failure: `{"status": "failed", "error": {...}}` on stdout with `--json` (``errorObject(_:)``),
    /// else `error: MESSAGE` and the exit code's explanation on stderr. Every command's failures go through here.
    static func report(_ error: BuildError, json: Bool, extra: [String: Any] = [:]) {
        if json {
            emitJSON(extra.merging(["status": "failed", "error": errorObject(error)]) { $1 })
        } else {
            TerminalOutput.shared.line("error: \(error.description)\n  exit code \(error.exitCode): \(error.explanation)", to: .errors)
        }
    }

    /// A failure as `--json` prints it under `error`: message, exitCode, explanation and category (Docs/exit-codes.md).
    static func errorObject(_ error: BuildError) -> [String: Any] {
        ["message": error.description, "exitCode": Int(error.exitCode), "explanation": error.explanation,
         "category": ExitCodes.category(for: error.exitCode)]
    }

    /// Warnings as `--json` prints them: `{"code": ..., "message": ...}`, substitutions first with their own
    /// codes (``Substitution/Kind``), other warnings with the code `warning` (Docs/exit-codes.md lists the codes).
    static func warningObjects(_ substitutions: [Substitution], _ warnings: [String]) -> [[String: String]] {
        substitutions.map { ["code": $0.code, "message": $0.message] } + warnings.map { ["code": "warning", "message": $0] }
    }

    static func emitJSON(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else { return }
        TerminalOutput.shared.json(String(decoding: data, as: UTF8.self))
    }
}

/// Prints a plan: decisions, then the requests create would send, secrets masked.
enum PlanRendering {
    static func print(_ plan: CreatePlan, json: Bool) throws {
        if json {
            ResultRendering.emitJSON(try object(plan))
        } else {
            TerminalOutput.shared.line(lines(plan).joined(separator: "\n"))
        }
    }

    /// A plan as `--json` prints it.
    static func object(_ plan: CreatePlan) throws -> [String: Any] {
        let requests = try plan.requests()
        return [
            "node": plan.node, "nodeReason": plan.nodeReason, "ctid": plan.ctid, "storage": plan.containerStorage,
            "templateStorage": plan.templateStorage, "template": plan.template.fileName,
            "templateDownload": plan.template.needsDownload, "identity": plan.identity, "pveVersion": plan.pveVersion,
            "warnings": ResultRendering.warningObjects(plan.substitutions, plan.warnings),
            "osVersion": plan.spec.osVersion,
            "nodeShellCheck": plan.nodeShellCheck ?? NSNull(),
            "hostSideActions": plan.hostSideActions.map { ["kind": $0.kind.rawValue, "detail": $0.detail, "source": $0.source] },
            "appEscalations": plan.spec.appEscalations.map {
                ["variable": $0.key.variableName, "value": $0.value, "meaning": $0.meaning, "source": $0.source.description]
            },
            "requests": requests.map(requestObject),
            "actions": plan.actions.map { action in
                [
                    "kind": action.kind.rawValue, "step": action.step.rawValue, "reason": action.reason,
                    "exitCode": action.exitCode, "requests": action.requests.map(requestObject),
                    "nodeShell": action.nodeShell, "environment": action.environmentNames,
                ] as [String: Any]
            },
        ]
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
            for request in action.requests {
                lines.append("       \(request.method.rawValue) \(request.path)")
                for parameter in request.parameters {
                    lines.append("           \(parameter.name)=\(parameter.value.description.replacingOccurrences(of: "\n", with: "\\n"))")
                }
            }
            for command in action.nodeShell { lines.append("       node shell: \(command)") }
            if !action.environmentNames.isEmpty {
                lines.append("       environment: \(action.environmentNames.joined(separator: " "))")
            }
        }
        for warning in plan.substitutions.map(\.message) + plan.warnings { lines.append("warning: \(warning)") }
        return lines
    }

    /// A request as JSON: method, path and parameters (secrets masked by their description).
    static func requestObject(_ request: APIRequest) -> [String: Any] {
        [
            "method": request.method.rawValue, "path": request.path,
            "parameters": Dictionary(request.parameters.map { ($0.name, $0.value.description) }, uniquingKeysWith: { $1 }),
        ]
    }
}
