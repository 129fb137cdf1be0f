import ContainerKit
import ProxmoxAPI

/// The settings summary printed before creating (build.func's `echo_default`, as its Default mode prints): what will be
/// built, with the plan's substitutions marked on their lines; its symbols only on a terminal without NO_COLOR
/// (`symbols`), an indented plain list otherwise and in the log.
enum Summary {
    static func render(_ plan: CreatePlan, symbols: Bool) -> String {
        let spec = plan.spec
        let net0 = (try? plan.createRequest.options.networks[0]?.encoded()) ?? nil
        var lines: [(String, String)] = [
            ("🖥️", "Proxmox VE \(plan.pveVersion) on \(plan.node)"),
            ("🆔", "Container ID: \(plan.ctid)\(substituted(.ctid, in: plan))"),
            ("🌟", "OS: \(spec.os) \(spec.osVersion) (\(plan.template.fileName))\(substituted(.templateVersion, in: plan))"),
            ("📦", "Type: \(spec.unprivileged ? "unprivileged" : "privileged")"),
            ("💾", "Disk: \(spec.diskGiB) GiB on \(plan.containerStorage)"),
            ("🧠", "CPU: \(spec.cores) core\(spec.cores == 1 ? "" : "s")"),
            ("🛠️", "RAM: \(spec.memoryMiB) MiB"),
            ("🏠", "Hostname: \(spec.hostname)"),
            ("📡", "Network: \(net0 ?? "-")"),
        ]
        if !plan.createRequest.options.devices.isEmpty {
            lines.append(("🎮", "Devices: " + plan.createRequest.options.devices.keys.sorted().compactMap { plan.createRequest.options.devices[$0]?.path }.joined(separator: ", ")))
        }
        for escalation in plan.spec.appEscalations { lines.append(("⚠️", "App asks for: \(escalation)")) }
        for action in plan.hostSideActions { lines.append(("⚠️", "On the node: \(action)")) }
        lines.append(("📋", "Steps: " + plan.actions.map(\.kind.rawValue).joined(separator: ", ") + " (`lxc-build plan` shows each request)"))
        lines.append(("🚀", "Creating a \(spec.app) LXC using the above settings"))
        return lines.map { symbols ? "\($0.0)  \($0.1)" : "  \($0.1)" }.joined(separator: "\n")
    }

    /// ` (instead of 11: ...)` when the plan substituted a value of this kind, else empty.
    static func substituted(_ kind: Substitution.Kind, in plan: CreatePlan) -> String {
        guard let substitution = plan.substitutions.first(where: { $0.kind == kind }) else { return "" }
        return " (instead of \(substitution.variable)=\(substitution.requested): \(substitution.code))"
    }
}
