import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// Conflicts stop a create or a stack before any write: a static address another container has
/// configured or two of the stack's share, a host name twice in the stack, a bridge the node does not have.
@Suite("Network conflicts before any write", .serialized)
struct NetworkConflictTests {
    /// The usage error `body` throws (64), else a recorded issue.
    static func refusal(_ body: () async throws -> Void) async -> BuildError? {
        do {
            try await body()
            Issue.record("expected a refusal")
        } catch let error as BuildError {
            #expect(error.exitCode == BuildExitCode.usage, "\(error)")
            return error
        } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    /// A container of the cluster with `ip` configured on net0 (and a second interface without an address).
    static func addHolder(_ pve: FakePVE, vmid: Int, name: String, node: String = "pve1", ip: String) throws {
        try pve.call("add_ct", [vmid, name], ["node": node, "config": [
            "net0": "name=eth0,bridge=vmbr0,ip=\(ip),gw=10.20.0.1", "net1": "name=eth1,bridge=vmbr0,ip=dhcp",
        ]])
    }

    @Test("create: a static address another container has configured (stopped, on another node) is refused naming both; nothing written")
    func addressTakenInCluster() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            try Self.addHolder(pve, vmid: 300, name: "db1", node: "pve2", ip: "10.20.0.5/24")
            let error = await Self.refusal { _ = try await pve.builder().create(staticSpec(address: "10.20.0.5/24")) }
            let message = error?.message ?? ""
            #expect(message.contains("var_net 10.20.0.5/24") && message.contains("container 300 (db1) on pve2 (net0 ip=10.20.0.5/24)"), "\(message)")
            #expect(try pve.writes().isEmpty)
            // Another address passes, as does the same one with DHCP elsewhere.
            let result = try await pve.builder().create(staticSpec(address: "10.20.0.6/24"))
            #expect(result.status == "running")
        }
    }

    @Test("create: a bridge the node does not have (vmbr9) is refused before the create; a tag needs a bridge that can carry it")
    func missingBridge() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.network.bridge = "vmbr9"
            let error = await Self.refusal { _ = try await pve.builder().create(spec) }
            #expect(error?.message.contains("var_brg vmbr9: node pve1 has no bridge or SDN vnet vmbr9 (it has: vmbr0)") == true, "\(String(describing: error))")
            #expect(try pve.writes().isEmpty)

            try pve.serveNetwork([
                ["iface": "vmbr0", "type": "bridge", "active": 1, "bridge_ports": "eno1"],
                ["iface": "vmbr1", "type": "bridge", "active": 1, "bridge_ports": "none"],
                ["iface": "vmbr2", "type": "bridge", "active": 1, "bridge_vlan_aware": 1],
                ["iface": "ovs0", "type": "OVSBridge", "active": 1],
                ["iface": "eno1", "type": "eth", "active": 1],
            ])
            spec.network.vlan = 30
            spec.network.bridge = "vmbr1"
            let tagged = await Self.refusal { _ = try await pve.builder().plan(spec) }
            #expect(tagged?.message.contains("var_vlan 30: bridge vmbr1 on node pve1 is not VLAN-aware") == true, "\(String(describing: tagged))")
            spec.network.bridge = "eno1"
            _ = await Self.refusal { _ = try await pve.builder().plan(spec) }
            for bridge in ["vmbr0", "vmbr2", "ovs0"] {
                spec.network.bridge = bridge
                #expect(try await pve.builder().plan(spec).createRequest.options.networks[0]?.bridge == bridge)
            }
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("stack: two containers with one address, or one host name, are refused together, naming both; nothing written")
    func duplicatesInStack() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            var stack = StackTests.stack(3)
            stack.members[2].spec.network.ipv4 = .fixed("10.0.0.11/24")
            stack.members[1].spec.hostname = "web1"
            let error = await Self.refusal { _ = try await StackTests.runner(pve).plan(stack) }
            let message = error?.message ?? ""
            #expect(message.contains("2 conflicts"), "\(message)")
            #expect(message.contains("web2: host name web1 is also web1's in the stack file"), "\(message)")
            #expect(message.contains("web3: var_net 10.0.0.11/24: address 10.0.0.11 is also web1's in the stack file"), "\(message)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("stack: an address taken in the cluster is refused naming both sides; a host name taken is a warning; one read of the guests")
    func clusterConflictsInStack() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            try Self.addHolder(pve, vmid: 300, name: "other", node: "pve2", ip: "10.0.0.12/24")
            try pve.call("add_ct", [301, "web1"], ["node": "pve1"])
            let warnings = Mutex<[String]>([])
            let runner = try StackTests.runner(pve, events: { name, event in
                if case .warning(let text) = event { warnings.withLock { $0.append("\(name): \(text)") } }
            })
            let error = await Self.refusal { _ = try await runner.plan(StackTests.stack(2)) }
            #expect(error?.message.contains("web2: var_net 10.0.0.12/24: address 10.0.0.12 is already configured on container 300 (other) on pve2 (net0 ip=10.0.0.12/24)") == true,
                    "\(String(describing: error))")
            #expect(warnings.withLock { $0 }.contains { $0.hasPrefix("web1: host name web1 is already container 301's on pve1") }, "\(warnings.withLock { $0 })")
            let requests = try pve.requests()
            #expect(StackTests.count(requests, "GET", "/cluster/resources") == 1)
            #expect(StackTests.count(requests, "GET", "/nodes/pve2/lxc/300/config") == 1, "each container's configuration read once")
            #expect(StackTests.count(requests, "GET", "/nodes/pve1/lxc/301/config") == 1, "each container's configuration read once")
            #expect(try pve.writes().isEmpty)

            // Without the taken address the stack is planned, the warning stays a warning: in the plan's entry and its
            // JSON (not only said as progress), and in the created container's warnings after the apply.
            var stack = StackTests.stack(2)
            stack.members[1].spec.network.ipv4 = .fixed("10.0.0.13/24")
            let plan = try await StackTests.runner(pve).plan(stack)
            #expect(plan.creates.count == 2)
            let taken = "host name web1 is already container 301's on pve1, which is not this stack's: two containers will answer to it"
            #expect(plan.entries.map(\.warnings) == [[taken], []])
            let report = try StackContainerReport(try #require(plan.entries.first))
            #expect(report.warnings == [WarningReport(code: "warning", message: taken)] && report.status == "create")
            #expect(try StackContainerReport(plan.entries[1]).warnings == nil)
            let result = try await StackTests.runner(pve).apply(plan)
            guard case .created(let built)? = result.entries.first?.outcome else { Issue.record("web1 not created: \(result.entries)"); return }
            #expect(built.warnings.first == taken, "\(built.warnings)")
        }
    }

    @Test("stack: a bridge the placed node does not have stops the whole stack before any write")
    func missingBridgeInStack() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            try pve.serveNetwork(node: "pve2", [["iface": "vmbr1", "type": "bridge", "active": 1]])
            var stack = StackTests.stack(2)
            for index in stack.members.indices { stack.members[index].options.node = .named(index == 0 ? "pve1" : "pve2") }
            let error = await Self.refusal { _ = try await StackTests.runner(pve).plan(stack) }
            #expect(error?.message.contains("web2: var_brg vmbr0: node pve2 has no bridge or SDN vnet vmbr0 (it has: vmbr1)") == true,
                    "\(String(describing: error))")
            #expect(error?.message.contains("web1") == false)
            #expect(try pve.writes().isEmpty)
        }
    }
}
