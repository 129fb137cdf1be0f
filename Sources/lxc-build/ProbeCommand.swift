import ArgumentParser
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
            the report is printed either way.
            """
    )

    @Flag(help: "Print one JSON object instead of the human-readable report.")
    var json = false

    @Option(help: ArgumentHelp("Read every path under DIR instead of /.", valueName: "DIR"))
    var root: String?

    @Option(help: "Seconds any single host command may run before it counts as unknown.")
    var timeout: Int = 10

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        var isFolder: ObjCBool = false
        if let root, !(FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) && isFolder.boolValue) {
            throw ValidationError("--root \(OptionChecks.shown(root)): no such folder; accepted: a folder holding a copy of a node's files")
        }
    }

    func run() async throws {
        let context: ProbeContext
        if let root {
            context = try ProbeContext.rooted(at: URL(fileURLWithPath: root), commandTimeout: .seconds(timeout))
        } else {
            context = ProbeContext(commandTimeout: .seconds(timeout))
        }
        let report = await HostProber(context: context).report()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            TerminalOutput.shared.json(String(decoding: try encoder.encode(ProbeOutput(report: report)), as: UTF8.self))
        } else {
            TerminalOutput.shared.write(ProbeReportText.render(report), to: .output)
        }
        // Checks that failed end the probe with the code build.func would have stopped with: the first one's.
        if let code = report.checks.first(where: { $0.status == .failed })?.exitCode {
            throw ExitCode(Int32(code))
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
