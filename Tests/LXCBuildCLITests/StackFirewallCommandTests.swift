import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// Through the command line: a three-service stack with firewall rules, HA and start order.
@Suite("apply with firewall, ha and depends_on against fakepve", .serialized)
struct StackFirewallCommandTests {
    static let stack = """
        name: shop
        defaults:
          app: debian
          node: pve1
          settings: {var_version: 12, var_gateway: 10.0.0.1, var_ram: 512}
        containers:
          proxy:
            depends_on: app
            startup: {order: 3}
            settings: {var_net: 10.0.0.63/24}
            firewall:
              enable: true
              policy_in: DROP
              rules:
                - {type: in, action: ACCEPT, proto: tcp, dport: 443, comment: https}
                - {type: in, action: ACCEPT, macro: SSH, source: 10.0.0.0/24}
            ha: {state: started, max_restart: 1, max_relocate: 1, rule: shop}
          app:
            depends_on: [db]
            settings: {var_net: 10.0.0.62/24}
          db:
            settings: {var_net: 10.0.0.61/24}
        """

    @Test("apply --plan shows the firewall, HA and order; apply creates db, app, proxy in that order; again nothing; destroy --stack proxy first")
    func threeServices() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.command(["op": "ha", "rules": [["rule": "shop", "type": "node-affinity", "nodes": "pve1", "resources": "ct:900"]]])
            let (file, environment) = try StackCommandTests.setUp(pve, stack: Self.stack)

            let plan = try await CLITests.run(["apply", file, "--plan"], environment: environment)
            #expect(plan.status == 0, "\(plan.errors)")
            for shown in ["configure the firewall", "add to HA", "/cluster/ha/rules/shop", "Created after app (depends_on), each running first."] {
                #expect(plan.output.contains(shown), "\(shown): \(plan.output)")
            }
            let json = try await CLITests.run(["apply", file, "--plan", "--json"], environment: environment)
            #expect(StackCommandTests.containers(json).map { $0["depends_on"] as? [String] } == [["app"], ["db"], nil])
            #expect(try pve.writes().isEmpty)

            let first = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(first.status == 0, "\(first.errors)")
            let created = StackCommandTests.containers(first)
            #expect(created.map { $0["status"] as? String } == ["created", "created", "created"])
            let ids = created.compactMap { $0["ctid"] as? Int }
            let creates = try pve.writes().filter { $0.method == "POST" && $0.path.hasSuffix("/lxc") }
            #expect(creates.count == 3)
            let proxy = try #require(ids.first)
            let resources = try pve.command(["op": "get", "attr": "ha_resources"]) as? [String: Any]
            #expect(resources?.keys.sorted() == ["ct:\(proxy)"])
            let rules = try pve.command(["op": "get", "attr": "ha_rules"]) as? [String: [String: Any]]
            #expect(rules?["shop"]?["resources"] as? String == "ct:900,ct:\(proxy)")

            let writes = try pve.writes().count
            let again = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(again.status == 0, "\(again.errors)")
            #expect(StackCommandTests.containers(again).map { $0["status"] as? String } == ["existing", "existing", "existing"])
            #expect(StackCommandTests.containers(again).allSatisfy { ($0["drift"] as? [Any])?.isEmpty ?? true })
            #expect(try pve.writes().count == writes)

            let destroyed = try await CLITests.run(["destroy", "--stack", file, "--yes", "--no-backup", "--json"], environment: environment)
            #expect(destroyed.status == 0, "\(destroyed.output)")
            let removals = try pve.writes().filter { $0.method == "DELETE" && $0.path.contains("/lxc/") }.map { $0.path }
            let order = [ids[0], ids[1], ids[2]].map { id in removals.firstIndex { $0.hasSuffix("/lxc/\(id)") || $0.contains("/lxc/\(id)?") } ?? -1 }
            #expect(order.allSatisfy { $0 >= 0 } && order == order.sorted(), "proxy, app, db: \(removals)")
        }
    }
}
