import ContainerKitTestSupport
import Foundation
import HostProbe
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// A fakepve with the demo container 150 on pve1 (lxc-build's notes, running, rootfs on local-lvm, which can
/// snapshot) and an update of it through `shell`, with the demo catalog.
func withUpdateOfPVE1Container(shell: any NodeShell, _ body: (FakePVE, ContainerUpdate) async throws -> Void) async throws {
    let catalog = try makeUpdateCatalog()
    try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
        try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
            "description": lxcBuildNotes(app: "demo"), "rootfs": "local-lvm:vm-150-disk-0,size=8G"]])
        var options = ContainerUpdate.Options()
        options.catalogDirectory = catalog
        options.logDirectory = try temporaryFolder()
        try await body(pve, ContainerUpdate(client: try pve.passwordClient(), shell: shell, options: options))
    }
}

@Suite("lxc-build update: the node shell is the container's node, checked before any write (81)", .serialized,
       .enabled(if: FixtureNodeTree.isAvailable))
struct UpdateNodeShellCheckTests {
    @Test("--node-shell local away from the node: 81 naming this machine and the fix, no command in a container, no API write")
    func localAwayFromTheNode() async throws {
        let shell = RecordingNodeShell(passingTo: LocalNodeShell())
        try await withUpdateOfPVE1Container(shell: shell) { pve, update async throws in
            let error = await #expect(throws: BuildError.self) { _ = try await update.plan(ctid: 150) }
            #expect(error?.exitCode == BuildExitCode.nodeShellUnusable, "\(String(describing: error))")
            #expect(error?.message.contains("--node-shell local runs on this machine") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("not the chosen node 'pve1'; nothing was changed") == true, "\(error?.message ?? "")")
            #expect(error?.hint?.contains("--node-shell ssh://root@pve1") == true)
            #expect(!shell.commands.contains { $0.arguments.first == "lxc-attach" }, "\(shell.commands.map(\.arguments))")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("an ssh node shell that reaches pve3 for a container on pve1: 81 naming both, no command in a container, no API write",
          .enabled(if: SSHServerFixture.isAvailable))
    func sshReachesAnotherNode() async throws {
        let tree = try FixtureNodeTree.make("no-gpu", hostname: "pve3", clusterNodes: ["pve1", "pve2", "pve3"])
        defer { tree.remove() }
        try await withSSHServer { server in
            let shell = RecordingNodeShell(passingTo: FixtureNodeShell(inner: sshShell(server), tree: tree))
            try await withUpdateOfPVE1Container(shell: shell) { pve, update async throws in
                let error = await #expect(throws: BuildError.self) { _ = try await update.plan(ctid: 150) }
                #expect(error?.exitCode == BuildExitCode.nodeShellUnusable, "\(String(describing: error))")
                #expect(error?.message.contains("reaches 'pve3', not the chosen node 'pve1'; nothing was changed") == true, "\(error?.message ?? "")")
                #expect(error?.hint?.contains("ssh://root@pve1") == true)
                #expect(!shell.commands.contains { $0.arguments.first == "lxc-attach" }, "\(shell.commands.map(\.arguments))")
                #expect(try pve.writes().isEmpty)
            }
        }
    }

    @Test("an unreachable ssh node shell: 81 'unusable' with the fix, not 1 with ssh's output; no API write")
    func unreachableShell() async throws {
        let shell = SSHNodeShell(target: SSHTarget(host: "127.0.0.1", port: 1), options: ["ConnectTimeout=5"])
        try await withUpdateOfPVE1Container(shell: shell) { pve, update async throws in
            let error = await #expect(throws: BuildError.self) { _ = try await update.plan(ctid: 150) }
            #expect(error?.exitCode == BuildExitCode.nodeShellUnusable, "\(String(describing: error))")
            #expect(error?.message.contains("is unusable") == true && error?.message.contains("nothing was changed") == true,
                    "\(error?.message ?? "")")
            #expect(error?.hint?.contains("known_hosts") == true)
            #expect(try pve.writes().isEmpty)
        }
    }
}

@Suite("lxc-build update: a large build.func and a container that never answers, in a real LXC container", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdateLimitsTests {
    @Test("a build.func of over 1 MiB (past Linux's 128 KiB for one variable): the update runs and its script sees the whole file")
    func largeBuildFunc() async throws {
        let padding = 1 << 20
        let catalog = try makeUpdateCatalog(functionsPadding: padding)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: "\(catalog)/misc/build.func")[.size] as? Int)
        #expect(size > padding)
        try await withUpdateSetup { container, pve, setup in
            let update = setup.with { $0.catalogDirectory = catalog }
            let result = try await update.execute(try await update.plan(ctid: container.ctid))
            #expect(result.version == "2.0.0")
            #expect(try container.attach("cat /opt/demo/functions") == "\(padding) end\n", "the padding's length and the file's last function")
        }
    }

    @Test("a container whose /bin/sh never ends: the plan stops at the deadline with 124 naming the command and the deadline, no write")
    func sleeperShell() async throws {
        try await withUpdateSetup { container, pve, setup in
            let sleeper = "\(container.rootfs)/bin/sh"
            try ExecutableFile.write("#!/bin/bash\nexec /bin/busybox sleep 100000\n", to: sleeper)
            let update = setup.with { $0.commandTimeout = .seconds(2) }
            let outcome = await firstOf(
                { () async -> BuildError? in
                    do { _ = try await update.plan(ctid: container.ctid); return nil } catch let error as BuildError { return error } catch { return nil }
                },
                orAfter: .seconds(300))
            let error = try #require(outcome, "the plan did not end within 300 s")
            #expect(error?.exitCode == 124, "\(String(describing: error))")
            #expect(error?.message.contains("/etc/os-release") == true && error?.message.contains("within 2 s") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("nothing was changed") == true, "\(error?.message ?? "")")
            #expect(try pve.writes().isEmpty)
        }
    }
}

/// What `work` returns, or `nil` when `bound` passes first (`work` is then cancelled).
func firstOf<T: Sendable>(_ work: @escaping @Sendable () async -> T, orAfter bound: Duration) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await work() }
        group.addTask {
            try? await Task.sleep(for: bound)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
