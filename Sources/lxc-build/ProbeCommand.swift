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
            commands are answered from DIR/_probe/commands instead of being run.
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
