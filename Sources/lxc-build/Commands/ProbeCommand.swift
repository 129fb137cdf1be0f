import ArgumentParser
import ContainerKit
import Foundation
import HostProbe

/// `lxc-build probe`: what this node has (GPUs, devices, host checks, bridges, PVE version).
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Report the node's GPUs, passthrough devices, bridges, PVE version and host checks.",
        discussion: """
            Reads /sys, /dev, /proc and /etc and runs lspci, pveversion, dpkg and pvecm; never asks \
            anything and never changes the host. With --root DIR every path is read under DIR and \
            commands are answered from DIR/_probe/commands instead of being run. Exits 0 when no host check \
            failed, else with the first failed check's build.func code (104 not root, 105 Proxmox VE version, \
            106 architecture, 107/108 kernel key limits, 116 no vmbr0, 210 no quorum, 232 not a Proxmox VE host); \
            the report is printed either way. With --node NODE (and --node-shell, default ssh://root@NODE) the \
            node is read through its node shell in one connection and the report is the one the node itself \
            would print; the shell must reach NODE (its hostname and /etc/pve/nodes/NODE), else exit 81.
            """
    )

    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    @Option(help: ArgumentHelp("Read every path under DIR instead of /.", valueName: "DIR"))
    var root: String?

    @Option(help: "Seconds any single host command may run before it counts as unknown.")
    var timeout: Int = 10

    @Option(help: ArgumentHelp("Probe this Proxmox VE node through its node shell instead of this machine.", valueName: "NODE"))
    var node: String?

    @Option(
        name: .customLong("node-shell"),
        help: "How to reach the node for --node: ssh://[user@]host[:port] or local (default: ssh://root@NODE).")
    var nodeShell: String?

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        if root != nil, node != nil || nodeShell != nil {
            throw ValidationError("--root reads a copied tree; it does not go with --node or --node-shell")
        }
        if let nodeShell {
            do { _ = try NodeShellChoice(parsing: nodeShell) } catch { throw ValidationError("--node-shell: \(error.message)") }
            if nodeShell == "none" { throw ValidationError("--node-shell none: probe needs a way to read the node; accepted: local or ssh://[user@]host[:port]") }
        }
        var isFolder: ObjCBool = false
        if let root, !(FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) && isFolder.boolValue) {
            throw ValidationError("--root \(OptionChecks.shown(root)): no such folder; accepted: a folder holding a copy of a node's files")
        }
    }

    func run() async throws {
        if node != nil || nodeShell != nil {
            try await reportingErrors(json: json) {
                let choice = try NodeShellChoice(parsing: nodeShell ?? "ssh://root@\(node ?? "")")
                guard let shell = choice.makeShell() else { throw ExitCode(BuildExitCode.usage) }
                try show(try await NodeInspection(shell: shell, commandTimeoutSeconds: timeout).report(checking: node))
            }
            return
        }
        let context: ProbeContext
        if let root {
            context = try ProbeContext.rooted(at: URL(fileURLWithPath: root), commandTimeout: .seconds(timeout))
        } else {
            context = ProbeContext(commandTimeout: .seconds(timeout))
        }
        try show(await HostProber(context: context).report())
    }

    /// Prints the report; failed checks end the probe with the first one's build.func code.
    private func show(_ report: HostReport) throws {
        if json {
            TerminalOutput.shared.json(try ReportEncoder.text(ProbeOutput(report: report)))
        } else {
            TerminalOutput.shared.write(ProbeReportText.render(report), to: .output)
        }
        // Checks that failed end the probe with the code build.func would have stopped with: the first one's.
        if let code = BuildExitCode(firstFailureOf: report) {
            throw ExitCode(code)
        }
    }
}

/// The `--json` object: the report's keys plus `passthrough`, the candidate plans.
struct ProbeOutput: Encodable {
    var report: HostReport

    private enum CodingKeys: String, CodingKey {
        case passthrough
    }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(report.candidates, forKey: .passthrough)
    }
}
