import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

@Suite("Node shell over SSH against a loopback sshd", .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct SSHNodeShellTests {
    /// The loopback shell for a plain-LXC node (the containers are LXC's own, not PVE's).
    func shell(_ server: SSHServerFixture, knownHosts: String? = nil) -> SSHNodeShell {
        sshShell(server, knownHosts: knownHosts, configLayout: .plainLXC)
    }

    @Test("exec in a container over ssh: stdin, environment (hostile values included), exit code")
    func exec() async throws {
        try await withSSHServer { server in
            try await withLXCContainer { container in
                let shell = shell(server)
                var environment: [String: String] = [:]
                for (index, value) in hostileStrings.enumerated() { environment["V\(index)"] = value }
                let script = #"read -r line; echo "$line"; i=0; while [ $i -lt "$1" ]; do eval "printf '%s\0' \"\$V$i\""; i=$((i+1)); done; exit 3"#
                let result = try await shell.script(
                    ctid: container.ctid, script, arguments: [String(hostileStrings.count)], environment: environment,
                    input: Data("stdin line\n".utf8))
                #expect(result.exitCode == 3)
                let parts = result.output.split(separator: "\n", maxSplits: 1).map(String.init)
                #expect(parts.first == "stdin line")
                #expect(parts.last?.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) == hostileStrings)
            }
        }
    }

    @Test("hostile arguments survive the remote shell; no secret is in ssh's argument vector")
    func quoting() async throws {
        try await withSSHServer { server in
            let shell = shell(server)
            let result = try await shell.onNode(["printf", #"%s\0"#] + hostileStrings)
            #expect(result.succeeded)
            #expect(result.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) == hostileStrings)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
            let invocation = try shell.invocation(for: NodeCommand(["chpasswd"], environment: ["PASSWORD": "Top-S3cret"], input: Data("root:Top-S3cret\n".utf8)))
            #expect(!invocation.arguments.joined(separator: " ").contains("Top-S3cret"))
            #expect(String(decoding: invocation.input, as: UTF8.self).contains("Top-S3cret"))
        }
    }

    @Test("copy in and out over ssh, and raw config lines")
    func copyAndConfig() async throws {
        try await withSSHServer { server in
            try await withLXCContainer { container in
                let shell = shell(server)
                let bytes = Data((0...255).map { UInt8($0) })
                try await shell.copyIn(ctid: container.ctid, bytes, to: "/root/blob", mode: "0640")
                #expect(try await shell.copyOut(ctid: container.ctid, from: "/root/blob") == bytes)
                let appended = try await shell.appendConfig(ctid: container.ctid, [RawConfigLine("lxc.mount.entry", "/dev/apex_0 dev/apex_0 none bind,optional,create=file")])
                #expect(appended.count == 1)
                #expect(try await shell.configLines(ctid: container.ctid).contains("lxc.mount.entry = /dev/apex_0 dev/apex_0 none bind,optional,create=file"))
            }
        }
    }

    @Test("host-key checking is on: an unknown host key is refused")
    func hostKeyChecked() async throws {
        try await withSSHServer { server in
            let empty = server.directory + "/empty_known_hosts"
            _ = FileManager.default.createFile(atPath: empty, contents: Data())
            do {
                _ = try await shell(server, knownHosts: empty).onNode(["true"])
                Issue.record("an unknown host key was accepted")
            } catch let error as NodeShellError {
                #expect(error.kind == .launch)
                #expect(error.message.contains("ssh to root@127.0.0.1"))
            }
        }
    }
}

@Suite("A catalog app installed through the SSH node shell", .serialized, .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct SSHNodeShellInstallTests {
    @Test("create with provisioning over ssh: the install script runs in the real container with the contract")
    func installOverSSH() async throws {
        let catalog = try makeCatalog(body: #"echo "$APPLICATION over ssh, ctid $CTID, password ${#PASSWORD} chars" > /root/ssh-install"#)
        try await withSSHServer { server in
            try await withLXCContainer(bash: true) { container in
                try await withFakePVE { pve in
                    try pve.storeDebianTemplate()
                    var provisioning = localProvisioning(catalog: catalog)
                    provisioning.shell = SSHNodeShell(
                        target: SSHTarget(host: "127.0.0.1", port: server.port), identityFile: server.identityFile,
                        knownHostsFile: server.knownHostsFile, configLayout: .plainLXC)
                    var options = ContainerBuilder.Options()
                    options.provisioning = provisioning
                    var spec = provisionSpec(container)
                    spec.password = "twelve-chars"
                    _ = try await pve.builder(options).create(spec)
                    #expect(try container.attach("cat /root/ssh-install") == "Demo over ssh, ctid \(container.ctid), password 12 chars\n")
                }
            }
        }
    }
}
