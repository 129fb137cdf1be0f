import ContainerKit
import ProxmoxAPI

/// The settings summary printed before creating (build.func's `echo_default`, §3.5).
enum Summary {
    static func render(_ plan: CreatePlan) -> String {
        let spec = plan.spec
        let net0 = (try? plan.createRequest.options.networks[0]?.encoded()) ?? nil
        var lines = [
            "🖥️  Proxmox VE \(plan.pveVersion) on \(plan.node)",
            "🆔  Container ID: \(plan.ctid)",
            "🌟  OS: \(spec.os) \(spec.osVersion) (\(plan.template.fileName))",
            "📦  Type: \(spec.unprivileged ? "unprivileged" : "privileged")",
            "💾  Disk: \(spec.diskGiB) GiB on \(plan.containerStorage)",
            "🧠  CPU: \(spec.cores) core\(spec.cores == 1 ? "" : "s")",
            "🛠️  RAM: \(spec.memoryMiB) MiB",
            "🏠  Hostname: \(spec.hostname)",
            "📡  Network: \(net0 ?? "-")",
        ]
        if !plan.createRequest.options.devices.isEmpty {
            lines.append("🎮  Devices: " + plan.createRequest.options.devices.keys.sorted().compactMap { plan.createRequest.options.devices[$0]?.path }.joined(separator: ", "))
        }
        for action in plan.hostSideActions { lines.append("⚠️  On the node: \(action)") }
        lines.append("🚀  Creating a \(spec.app) LXC using the above settings")
        return lines.joined(separator: "\n")
    }
}
