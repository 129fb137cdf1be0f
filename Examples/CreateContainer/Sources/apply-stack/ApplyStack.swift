import ContainerKit
import Foundation
import ProxmoxAPI

/// Applies a two-container stack through ContainerKit alone: ``Stack/load(file:environment:catalog:node:overrides:shell:keyFolder:events:fetched:)``
/// reads the stack file and resolves each container's settings as `lxc-build apply` does, and one ``StackRunner``
/// plans and creates them in one session; the ``ApplyReport`` printed last is what `lxc-build apply --json` prints.
/// Run twice, the second run creates nothing: the containers carry the stack's marker, proved with the stack's key.
@main
struct ApplyStack {
    static let stackFile = """
        name: example-stack
        defaults:
          app: debian
          node: auto
          settings: {var_version: 13, var_cpu: 1, var_ram: 512, var_gateway: 10.45.0.1}
        containers:
          example-app:
            settings: {var_net: 10.45.0.11/24}
          example-db:
            settings: {var_net: 10.45.0.12/24, var_ram: 1024}
        """

    /// The stack file, written to a new folder and loaded as `lxc-build apply` loads it. Debian is a base OS: no
    /// catalog is read. The stack's key is kept in the operator's state folder, made on the first run.
    static func load(environment: [String: String]) async throws -> Stack {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apply-stack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try stackFile.write(toFile: folder + "/example-stack.yaml", atomically: true, encoding: .utf8)
        var overrides = BuildOverrides()
        overrides.ipTimeout = .seconds(30)
        return try await Stack.load(file: folder + "/example-stack.yaml", environment: environment,
                                    catalog: try CatalogSource(catalog: nil, environment: environment),
                                    node: NodeRequest(flag: nil, environment: environment), overrides: overrides)
    }

    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        do {
            let stack = try await load(environment: environment)
            let client = try ConnectionSettings(environment: environment).makeClient()
            let runner = StackRunner(client: client, concurrency: 2) { container, event in
                if case .failed(let step, let text) = event { print("\(container): failed: \(step.title): \(text)") }
            }
            let result = try await runner.planAndApply(stack)
            for entry in result.entries {
                switch entry.outcome {
                case .created(let built): print("stack: \(entry.name) created as CT \(built.ctid) at \(built.ip ?? "?") on \(built.node)")
                case .existing(let existing): print("stack: \(entry.name) exists as CT \(existing.ctid) (drift: \(existing.drift.count))")
                case .failed(let error): print("stack: \(entry.name) failed (exit \(error.exitCode)): \(error.message)")
                }
            }
            print("report: " + (try ReportEncoder.text(ApplyReport(result: result), pretty: false)))
            exit(result.exitCode.rawValue)
        } catch let error as BuildError {
            print("error (exit \(error.exitCode), \(error.explanation)): \(error)")
            exit(error.exitCode.rawValue)
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }
}
