import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// `lxc-build health` on a cluster of two nodes through one node shell: the shell's node is read once, a container
/// on the other node gets its services as not listed (and why), never a command aimed at a container the shell's
/// node does not hold; a shell that cannot be read stops the run (81) instead of reporting everything healthy.
@Suite("health through one node shell on a cluster of two nodes, on fakepve", .serialized, .enabled(if: FixtureNodeTree.isAvailable))
struct HealthShellNodeTests {
    /// fakepve with container 101 on pve1 and 102 on pve2, both running, both built by lxc-build.
    private func withTwoNodes(_ body: (FakePVE, ProxmoxClient) async throws -> Void) async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            for (ctid, node) in [(101, "pve1"), (102, "pve2")] {
                try pve.call("add_ct", [ctid, "demo\(ctid)"], ["node": node, "status": "running", "config": [
                    "description": lxcBuildNotes(app: "demo"), "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.\(ctid)/24"]])
            }
            try await body(pve, try pve.passwordClient())
        }
    }

    @Test("a shell on pve1: 101's services asked there, 102's not listed with both nodes named; both URLs asked, 102's said to be from pve1")
    func containerOnAnotherNode() async throws {
        let tree = try FixtureNodeTree.make("no-gpu", hostname: "pve1", clusterNodes: ["pve1", "pve2"])
        defer { tree.remove() }
        let marker = try temporaryFolder() + "/broken"
        try await withHTTPStandIn(brokenWhen: marker) { app in
            try await withTwoNodes { pve, client async throws in
                let shell = RecordingNodeShell(passingTo: FixtureNodeShell(inner: LocalNodeShell(), tree: tree))
                var options = HealthCheck.Options()
                options.url = app.url
                let report = try await HealthCheck(client: client, shell: shell, options: options).run(ContainerSelection(ids: [101, 102]))
                let rows = Dictionary(uniqueKeysWithValues: report.containers.map { ($0.ctid, $0) })
                let onPVE1 = try #require(rows[101])
                let onPVE2 = try #require(rows[102])

                #expect(!onPVE1.services.reason.contains("not listed"), "\(onPVE1.services)")
                #expect(onPVE2.services.state == .unknown, "\(onPVE2.services)")
                #expect(onPVE2.services.reason == "services not listed: --node-shell local runs on this machine ('pve1') and container 102 is on 'pve2' "
                        + "(give --node-shell ssh://root@pve2 to list them)", "\(onPVE2.services)")
                #expect(onPVE1.urlCheck.state == .ok && !onPVE1.urlCheck.reason.contains("asked from"), "\(onPVE1.urlCheck)")
                #expect(onPVE2.urlCheck.state == .ok && onPVE2.urlCheck.reason.hasSuffix(" (asked from 'pve1')"), "\(onPVE2.urlCheck)")
                #expect(report.healthy == 2, "\(report)")

                let commands = shell.commands.map(\.arguments)
                #expect(commands.filter { $0.starts(with: ["perl", "-"]) }.count == 1, "the shell's node read once: \(commands)")
                #expect(commands.contains { $0.starts(with: ["lxc-attach", "-n", "101"]) }, "\(commands)")
                #expect(!commands.contains { $0.starts(with: ["lxc-attach", "-n", "102"]) }, "no command aimed at 102 through pve1's shell: \(commands)")
                #expect(commands.filter { $0.first == "curl" }.count == 2, "\(commands)")
                #expect(try pve.writes().isEmpty, "health reads only")
            }
        }
    }

    @Test("a shell that reaches a host that is no node of the cluster: each container's services not listed, saying which folder is missing")
    func hostWithoutTheNodeFolder() async throws {
        let tree = try FixtureNodeTree.make("no-gpu", hostname: "pve1", clusterNodes: ["pve7"])
        defer { tree.remove() }
        try await withTwoNodes { _, client async throws in
            let shell = RecordingNodeShell(passingTo: FixtureNodeShell(inner: LocalNodeShell(), tree: tree))
            let report = try await HealthCheck(client: client, shell: shell).run(ContainerSelection(ids: [101]))
            let row = try #require(report.containers.first)
            #expect(row.services.reason.contains("runs on this machine ('pve1'), which has no /etc/pve/nodes/pve1"), "\(row.services)")
            #expect(!shell.commands.contains { $0.arguments.first == "lxc-attach" }, "\(shell.commands.map(\.arguments))")
        }
    }

    @Test("a node shell that cannot be reached: 81 naming it before any container is checked, not a report of unknowns counted healthy")
    func unreachableShell() async throws {
        try await withTwoNodes { pve, client async throws in
            let shell = RecordingNodeShell(passingTo: SSHNodeShell(target: SSHTarget(host: "127.0.0.1", port: 1), options: ["ConnectTimeout=5"]))
            let error = await #expect(throws: BuildError.self) {
                _ = try await HealthCheck(client: client, shell: shell).run(ContainerSelection(ids: [101, 102]))
            }
            #expect(error?.exitCode == BuildExitCode.nodeShellUnusable, "\(String(describing: error))")
            #expect(error?.message.contains("is unusable") == true && error?.message.contains("no container was checked") == true,
                    "\(error?.message ?? "")")
            #expect(shell.commands.count == 1, "only the node check was tried: \(shell.commands.map(\.arguments))")
            #expect(try pve.writes().isEmpty)
        }
    }
}
