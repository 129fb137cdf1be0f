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

    /// The request the options make.
    var request: ProbeRequest { ProbeRequest(root: root, node: node, nodeShell: nodeShell, commandTimeoutSeconds: timeout) }

    func validate() throws {
        do throws(BuildError) { try request.validate() } catch { throw ValidationError(error.message) }
    }

    func run() async throws {
        try await reportingErrors(json: json) { try show(try await request.report()) }
    }

    /// Prints the report; failed checks end the probe with the first one's build.func code.
    private func show(_ report: HostReport) throws {
        if json {
            TerminalOutput.shared.json(try ReportEncoder.text(ProbeReport(report: report)))
        } else {
            TerminalOutput.shared.write(ProbeReportText.render(report), to: .output)
        }
        // Checks that failed end the probe with the code build.func would have stopped with: the first one's.
        if let code = BuildExitCode(firstFailureOf: report) {
            throw ExitCode(code)
        }
    }
}
