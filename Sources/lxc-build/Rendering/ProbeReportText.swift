import HostProbe

/// The human-readable form of a ``HostReport``.
enum ProbeReportText {
    static func render(_ report: HostReport) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        func row(_ label: String, _ value: String) { line("  " + label.padding(toLength: 13, withPad: " ", startingAt: 0) + value) }

        let host = report.host
        line("Host")
        let pve = host.pveVersion.map { version in
            let kernel = host.kernel.map { " (kernel \($0))" } ?? ""
            return "\(version)\(kernel), \(host.pveSupport?.rawValue ?? "unknown")"
        }
        row("Proxmox VE", pve ?? "unknown")
        row("Arch", host.arch ?? "unknown")
        row("Root", host.root.map { $0 ? "yes" : "no" } ?? "unknown")
        row("Time zone", host.timezone ?? "unknown")
        if let cluster = host.cluster {
            let quorum = cluster.quorate.map { $0 ? "quorate" : "NOT quorate" } ?? "quorum unknown"
            row("Cluster", cluster.isClustered ? "\(cluster.name ?? "cluster"), \(quorum)" : "single node")
        }
        if let limits = host.keyLimits {
            row("Key limits", "uid 100000 uses \(limits.usedKeys)/\(limits.maxKeys) keys, \(limits.usedBytes)/\(limits.maxBytes) bytes")
        }
        row("Bridges", host.bridges.isEmpty ? "none" : "\(host.bridges.count)")
        for bridge in host.bridges {
            line("    \(bridge.menuName)" + (bridge.comment.map { "  # \($0)" } ?? ""))
        }
        row("SSH keys", host.keys.isEmpty ? "none" : "\(host.keys.count)")
        for key in host.keys {
            line("    \(key.type) \(key.comment ?? "(no comment)")  — \(key.file)")
        }

        line()
        line("GPUs" + (report.gpus.isEmpty ? ": none" : ""))
        for gpu in report.gpus {
            line("  \(gpu.pci)  \(gpu.vendor.displayName)  \(gpu.model ?? "[\(gpu.ids)]")")
            for node in gpu.nodes { line("      \(node)") }
            for path in gpu.byPath { line("      \(path)") }
            if let version = gpu.driverVersion { line("      driver \(version)") }
            if let problem = gpu.problem { line("      problem: \(problem)") }
            for entry in PassthroughPlan.gpu(gpu).devEntries() { line("      would add  \(entry)") }
        }

        line()
        line("Devices")
        row("TUN", report.devices.tun?.description ?? "missing")
        row("USB serial", report.devices.usbSerial.isEmpty ? "none" : "\(report.devices.usbSerial.count)")
        for serial in report.devices.usbSerial {
            line("    \(serial.node)" + serial.byID.map { "\n      \($0)" }.joined())
        }
        row("Coral", report.devices.coral.isEmpty ? "none" : report.devices.coral.map(\.description).joined(separator: ", "))

        line()
        line("Checks")
        for check in report.checks {
            line("  \(check)")
            if !check.ok || check.status == .warning, let remedy = check.remedy { line("      → \(remedy)") }
        }
        if !report.unknowns.isEmpty {
            line()
            line("Unknown")
            for unknown in report.unknowns { line("  \(unknown)") }
        }
        return out
    }
}
