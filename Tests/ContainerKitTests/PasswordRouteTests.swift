import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// On the node the API goes through pvesh, which cannot carry the root password.
@Suite("The root password through pvesh", .serialized)
struct PasswordRouteTests {
    func builder(_ pve: FakePVE, shell: (any NodeShell)?) throws -> ContainerBuilder {
        let transport = PatchingTransport(try pve.passwordClient().transport, carriesSecrets: false)
        var options = ContainerBuilder.Options()
        var provisioning = ProvisioningOptions(shell: shell)
        provisioning.checkNetwork = false
        provisioning.bootstrap = false
        provisioning.runInstallScript = false
        provisioning.logDirectory = FileManager.default.temporaryDirectory.path
        options.provisioning = provisioning
        return ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .fast), options: options, sleep: { _ in })
    }

    @Test("with a node shell the password is left out of the create and set with chpasswd, on stdin only")
    func throughShell() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let shell = RecordingNodeShell()
            var spec = staticSpec()
            spec.password = "Node-Secret-42"
            let result = try await builder(pve, shell: shell).create(spec)
            #expect(result.status == "running")
            let creates = try pve.command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
            let createBodies = creates.filter { ($0[1] as? String)?.hasSuffix("/nodes/pve1/lxc") == true }.map { "\($0[2])" }
            #expect(!createBodies.isEmpty && createBodies.allSatisfy { !$0.contains("password") })
            let chpasswd = try #require(shell.commands.first { $0.arguments.contains("chpasswd") })
            #expect(String(decoding: chpasswd.input, as: UTF8.self) == "root:Node-Secret-42\n")
            #expect(shell.commands.allSatisfy { !$0.arguments.joined(separator: " ").contains("Node-Secret-42") })
        }
    }

    @Test("without a node shell the run is refused before anything is created")
    func noShell() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.password = "Node-Secret-42"
            let builder = try builder(pve, shell: nil)
            await #expect {
                _ = try await builder.create(spec)
            } throws: { error in
                (error as? BuildError)?.exitCode == 64 && (error as? BuildError)?.message.contains("var_pw") == true
                    && !String(describing: error).contains("Node-Secret-42")
            }
            #expect(try pve.writes().isEmpty)
        }
    }
}
