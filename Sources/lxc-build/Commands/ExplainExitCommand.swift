import ArgumentParser
import ContainerKit
import Foundation
import ProxmoxAPI

/// `lxc-build explain-exit CODE`: what an exit code means; `--all`: every code lxc-build exits with.
struct ExplainExitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-exit", abstract: "Explain an exit code (build.func's table), or list every code lxc-build exits with (--all).")

    @Argument(help: "The exit code.") var code: Int32?
    @Flag(help: "List every exit code lxc-build exits with and when (the table of Docs/exit-codes.md and the man page).")
    var all = false
    @OptionGroup var jsonOption: JSONOption
    var json: Bool { jsonOption.json }

    func validate() throws {
        guard (code == nil) == all else { throw ValidationError("give an exit code, or --all for the whole table") }
        if let code {
            do throws(BuildError) { _ = try BuildExitCode(checking: code) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        guard let code else { return listAll() }
        let report = ExplainExitReport(code: BuildExitCode(rawValue: code))
        if json {
            ResultRendering.emitJSON(report)
        } else {
            TerminalOutput.shared.line("\(code): \(report.explanation) [\(report.category)]")
        }
    }

    private func listAll() {
        if json {
            ResultRendering.emitJSON(ExitCodeTableReport())
        } else {
            TerminalOutput.shared.line(Table(["CODE", "CATEGORY", "WHEN"], BuildExitCode.documented.map { row in
                [row.codes.map(String.init).joined(separator: "/"), Set(row.codes.map(BuildExitCode.category(for:))).sorted().joined(separator: ","), row.when]
            }).rendered)
        }
    }
}
