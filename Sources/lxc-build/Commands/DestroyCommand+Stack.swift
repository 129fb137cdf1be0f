import ArgumentParser
import ContainerKit
import Foundation

extension DestroyCommand {
    /// `destroy --stack FILE`: removes the containers whose notes carry the file's stack marker, and only those.
    func destroyStack(_ path: String) async throws {
        try await reportingErrors(json: json) {
            let file = try StackFile.load(path)
            let runner = StackRunner(client: try connection.client())
            let found = try await runner.marked(stack: file.name, containers: file.containers.map { ($0.name, $0.hostname) })
            if !found.isEmpty && !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw BuildError(exitCode: ExitCodes.usage, message: "destroy asks for confirmation and there is no terminal: add --yes")
                }
                let listed = found.map { "\($0.ctid) (\($0.name)) on \($0.node)" }.joined(separator: ", ")
                TerminalOutput.shared.write("Remove the containers of stack \(file.name): \(listed)? [y/N] ", to: .errors)
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    throw BuildError(exitCode: ExitCodes.declined, message: "no container of stack \(file.name) was removed: the answer was no")
                }
            }
            var removed: [[String: Any]] = []
            var failures: [(String, BuildError)] = []
            for container in found {
                do throws(BuildError) {
                    try await runner.destroy(container, stack: file.name)
                    removed.append(["name": container.name, "ctid": container.ctid, "node": container.node, "status": "destroyed"])
                    if !json { TerminalOutput.shared.line("Container \(container.ctid) (\(container.name)) removed from \(container.node).") }
                } catch {
                    failures.append((container.name, error))
                    if !json { TerminalOutput.shared.line("\(container.name): error: \(error.description)", to: .errors) }
                }
            }
            let absent = file.containers.map(\.name).filter { name in !found.contains { $0.name == name } }
            if json {
                var document: [String: Any] = ["stack": file.name, "destroyed": removed, "notFound": absent]
                if let (_, first) = failures.first {
                    document["status"] = "failed"
                    document["error"] = ResultRendering.errorObject(first)
                }
                ResultRendering.emitJSON(document)
            } else if found.isEmpty {
                TerminalOutput.shared.line("No container of stack \(file.name) exists (none carries its marker).")
            }
            if let (_, first) = failures.first { throw ExitCode(first.exitCode) }
        }
    }
}
