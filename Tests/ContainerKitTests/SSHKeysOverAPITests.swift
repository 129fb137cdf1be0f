import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// SSH keys need no node shell: PVE's create takes them (`ssh-public-keys`), so a run from a workstation installs
/// them too (issue 16, item 2). Only enabling root login (var_ssh=yes) changes sshd inside and needs a shell.
@Suite("SSH keys through the API", .serialized)
struct SSHKeysOverAPITests {
    static let first = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFirst admin@lab"
    static let second = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAISecond ops@lab"

    @Test("the spec's key and the chosen keys go with the create, once each, without a node shell")
    func keysWithTheCreate() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.ipTimeout = .zero
            var provisioning = ProvisioningOptions(shell: nil)
            provisioning.sshKeys = [Self.second, "# a comment\n" + Self.first]
            options.provisioning = provisioning
            var spec = staticSpec()
            spec.sshAuthorizedKey = Self.first
            let builder = ContainerBuilder(client: try pve.passwordClient(), options: options, sleep: { _ in })
            let plan = try await builder.plan(spec)
            #expect(!plan.actions.contains { $0.kind == .installSSHKeys }, "no node shell: nothing to run inside")
            _ = try await builder.execute(plan)
            let sent = try #require(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").first)
            #expect(sent["ssh-public-keys"] == Self.first + "\n" + Self.second)
        }
    }

    @Test("root login over SSH without a node shell is refused before anything is created, naming var_ssh")
    func rootLoginNeedsShell() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            var provisioning = ProvisioningOptions(shell: nil)
            provisioning.sshRoot = true
            options.provisioning = provisioning
            let builder = ContainerBuilder(client: try pve.passwordClient(), options: options, sleep: { _ in })
            let failure = await #expect(throws: BuildError.self) { try await builder.create(staticSpec()) }
            #expect(failure?.exitCode == 64)
            #expect(failure?.message.contains("var_ssh=yes") == true, "\(failure?.message ?? "")")
            #expect(try pve.writes().isEmpty)
        }
    }
}
