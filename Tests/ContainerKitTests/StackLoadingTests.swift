import ContainerKitTestSupport
import Foundation
import Testing
@testable import ContainerKit

/// ``Stack/load(file:environment:catalog:node:overrides:shell:keyFolder:events:fetched:)``: a stack file and a
/// catalog folder made into the members ``StackRunner`` plans, without a server.
@Suite("Stack files loaded with a catalog")
struct StackLoadingTests {
    /// A folder with `stack.yaml` holding `text`, a catalog with the app `demo`, and an environment that reads no
    /// `.vars` file of the machine.
    static func setUp(_ text: String) throws -> (file: String, catalog: String, environment: [String: String], folder: String) {
        let folder = try temporaryFolder()
        let file = folder + "/web-tier.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["HOME": folder, "LXC_BUILD_DEFAULTS_DIR": folder + "/defaults", "LXC_BUILD_STACK_KEYS": folder + "/keys"]
        return (file, try makeCatalog(body: "msg_ok done"), environment, folder)
    }

    @Test("each container becomes a member: its app from the catalog, its settings, --node for those without node:, the key made")
    func members() async throws {
        let (file, catalog, environment, folder) = try Self.setUp("""
            defaults:
              app: demo
              settings: {var_cpu: 2, var_gateway: 10.0.0.1}
            containers:
              web1:
                settings: {var_net: 10.0.0.11/24, var_hostname: front}
              db1:
                node: pve3
                settings: {var_net: 10.0.0.12/24, var_ram: 2048}
            """)
        var overrides = BuildOverrides()
        overrides.runInstallScript = false
        let stack = try await Stack.load(file: file, environment: environment, catalog: try CatalogSource(catalog: catalog, environment: environment),
                                         node: NodeRequest(flag: "pve2", environment: environment), overrides: overrides)
        #expect(stack.name == "web-tier" && stack.file == file)
        #expect(stack.members.map(\.name) == ["web1", "db1"])
        #expect(stack.members.map(\.spec.app) == ["demo", "demo"])
        #expect(stack.members.map(\.spec.hostname) == ["front", "db1"])
        #expect(stack.members.map(\.spec.cores) == [2, 2])
        #expect(stack.members.map(\.spec.memoryMiB)[1] == 2048)
        #expect(stack.members.map(\.options.node) == [.named("pve2"), .named("pve3")])
        // web1 takes --node; db1 names its node in the file, which a refusal names as the file and the container.
        #expect(stack.members.map(\.options.nodeSetting) == ["--node", "stack:\(file):db1"])
        #expect(stack.keyPath.hasPrefix(folder + "/keys/") && FileManager.default.fileExists(atPath: stack.keyPath))
        #expect(try StackKey.load(stack: "web-tier", folder: folder + "/keys") == stack.key)
    }

    @Test("PROXMOX_VE_NODE is named as the setting of the node it gave")
    func nodeFromEnvironment() async throws {
        var (file, catalog, environment, _) = try Self.setUp("containers:\n  web1:\n    app: demo\n")
        environment[NodeRequest.environmentVariable] = "pve2"
        let stack = try await Stack.load(file: file, environment: environment, catalog: try CatalogSource(catalog: catalog, environment: environment),
                                         node: NodeRequest(flag: nil, environment: environment))
        #expect(stack.members.first?.options.node == .named("pve2"))
        #expect(stack.members.first?.options.nodeSetting == NodeRequest.environmentVariable)
    }

    @Test("a container without an app, or with an app the catalog lacks, stops the load (64) naming file and container")
    func refused() async throws {
        let (file, catalog, environment, _) = try Self.setUp("containers:\n  web1:\n    settings: {var_cpu: 1}\n")
        let source = try CatalogSource(catalog: catalog, environment: environment)
        let noApp = await #expect(throws: BuildError.self) {
            _ = try await Stack.load(file: file, environment: environment, catalog: source, node: NodeRequest(flag: nil, environment: [:]))
        }
        #expect(noApp?.exitCode == BuildExitCode.usage && noApp?.message.contains("stack file \(file) line 3, container web1: no app") == true)
        try "containers:\n  web1:\n    app: dmeo\n".write(toFile: file, atomically: true, encoding: .utf8)
        let missing = await #expect(throws: BuildError.self) {
            _ = try await Stack.load(file: file, environment: environment, catalog: source, node: NodeRequest(flag: nil, environment: [:]))
        }
        #expect(missing?.message.contains("dmeo") == true, "\(missing?.message ?? "")")
    }

    @Test("every container is checked: each problem is reported with its line, in file order, in one error (64)")
    func everyProblem() async throws {
        let (file, catalog, environment, _) = try Self.setUp("""
            containers:
              web1:
                app: demo
                settngs: {var_cpu: 1}
              web2:
                app: demo
                node: "pve 2"
              web3:
                app: demo
                settings: {var_cpu: 1, ram: 10}
              web4:
                app: demo
            """)
        let source = try CatalogSource(catalog: catalog, environment: environment)
        let error = await #expect(throws: BuildError.self) {
            _ = try await Stack.load(file: file, environment: environment, catalog: source, node: NodeRequest(flag: nil, environment: [:]))
        }
        let message = error?.message ?? ""
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(message.hasPrefix("stack file \(file) has 3 problems, in file order:"), "\(message)")
        // Each problem starts a line of its own (a settings error goes on, indented, on the next ones), in file order.
        let starts = message.split(separator: "\n").filter { $0.hasPrefix("  stack file \(file) line ") }.map(String.init)
        #expect(starts.count == 3, "\(message)")
        guard starts.count == 3 else { return }
        #expect(starts[0].contains("line 4: unknown key 'settngs' in container web1") && starts[0].contains("did you mean settings"))
        #expect(starts[1].contains("line 7: node 'pve 2' in container web2 is not a node name"))
        #expect(starts[2].contains("line 10, container web3"))
        #expect(message.contains("var_ram=\"10\"") && message.contains("at least 256"))
    }
}
