import ConfigResolution
import ContainerKit
import Foundation
import ProxmoxAPI

/// Applies a two-container stack through ContainerKit alone: the stack file is parsed, each container's settings are
/// resolved as `lxc-build create` resolves them, and one ``StackRunner`` plans and creates them in one session.
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

    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        do {
            let file = try StackFile.parse(stackFile, path: "example-stack.yaml")
            let loader = ConfigLoader(environment: environment)
            let debian = try AppCatalog(directory: nil).definitionSuggesting(for: "debian")
            var overrides = BuildOverrides()
            overrides.ipTimeout = .seconds(30)
            var members: [StackMember] = []
            for container in file.containers {
                members.append(try container.member(file: file.path, loader: loader, mode: .default, app: debian, catalogDirectory: nil,
                                                    overrides: overrides))
            }
            let client = try ConnectionSettings(environment: environment).makeClient()
            let runner = StackRunner(client: client, concurrency: 2) { container, event in
                if case .failed(let step, let text) = event { print("\(container): failed: \(step.title): \(text)") }
            }
            // The stack's key proves its markers: kept in the operator's state folder, made on the first run.
            let keys = StackKey.folder(environment: environment)
            let key = try StackKey.loadOrCreate(stack: file.name, folder: keys)
            let result = try await runner.planAndApply(Stack(name: file.name, file: file.path, members: members, key: key,
                                                             keyPath: StackKey.path(stack: file.name, folder: keys)))
            for entry in result.entries {
                switch entry.outcome {
                case .created(let built): print("stack: \(entry.name) created as CT \(built.ctid) at \(built.ip ?? "?") on \(built.node)")
                case .existing(let existing): print("stack: \(entry.name) exists as CT \(existing.ctid) (drift: \(existing.drift.count))")
                case .failed(let error): print("stack: \(entry.name) failed (exit \(error.exitCode)): \(error.message)")
                }
            }
            exit(result.exitCode)
        } catch let error as BuildError {
            print("error (exit \(error.exitCode), \(error.explanation)): \(error)")
            exit(error.exitCode)
        } catch {
            print("error: \(error)")
            exit(1)
        }
    }
}
