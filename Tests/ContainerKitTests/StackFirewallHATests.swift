import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// `firewall:` and `ha:` in a stack file, checked against PVE 9.1's schema when the file is read, planned
/// as requests and sent as planned.
@Suite("Stack keys firewall and ha: parsed, refused when wrong, planned as requests and sent as planned", .serialized)
struct StackFirewallHATests {
    static func parse(_ text: String) throws(BuildError) -> StackFile { try StackFile.parse(text, path: "edge.yaml") }

    static let firewall = ContainerFirewall(
        options: ["enable": "1", "policy_in": "DROP", "policy_out": "ACCEPT"],
        rules: [
            ContainerFirewall.Rule(parameters: ["type": "in", "action": "ACCEPT", "proto": "tcp", "dport": "443", "source": "10.0.0.0/24",
                                                "comment": "https", "iface": "net0", "enable": "1"]),
            ContainerFirewall.Rule(parameters: ["type": "in", "action": "ACCEPT", "macro": "SSH", "source": "10.0.0.5", "enable": "1"]),
        ])

    @Test("firewall options and rules under PVE's names, in the file's order; ha's keys; the defaults' replaced by a container's own")
    func parsed() throws {
        let file = try Self.parse("""
            defaults:
              app: debian
              firewall: {enable: true, policy_in: DROP}
            containers:
              proxy:
                firewall:
                  enable: yes
                  policy_in: DROP
                  policy_out: ACCEPT
                  rules:
                    - {type: in, action: ACCEPT, proto: tcp, dport: 443, source: 10.0.0.0/24, comment: https, iface: net0, enable: 1}
                    - {type: in, action: ACCEPT, macro: SSH, source: 10.0.0.5}
                    - {type: group, action: webservers}
                ha: {state: started, max_restart: 2, max_relocate: 1, rule: edge}
              db:
                ha: {group: databases}
            """)
        let proxy = try #require(file.containers.first)
        #expect(proxy.firewall?.options == ["enable": "1", "policy_in": "DROP", "policy_out": "ACCEPT"])
        #expect(proxy.firewall?.rules.map { $0.parameters["type"] } == ["in", "in", "group"])
        #expect(proxy.firewall?.rules.first == Self.firewall.rules.first)
        #expect(proxy.ha == ContainerHA(state: "started", maxRestart: 2, maxRelocate: 1, rule: "edge"))
        #expect(file.containers[1].firewall == ContainerFirewall(options: ["enable": "1", "policy_in": "DROP"]))
        #expect(file.containers[1].ha == ContainerHA(group: "databases"))
    }

    @Test("refused by PVE 9.1's schema, each naming the file, the line, the container, the key, the value and what is accepted")
    func refused() {
        let cases = [
            ("    firewall: {policy_in: BLOCK}\n", "edge.yaml line 3: firewall in container proxy: policy_in: 'BLOCK' is not accepted; accepted: ACCEPT, REJECT, DROP"),
            ("    firewall: {enabled: 1}\n", "unknown key 'enabled'; accepted: enable,"),
            ("    firewall: {rules: [{type: in, action: ALLOW}]}\n", "rule 1: action: 'ALLOW' is not accepted in an in rule; accepted: ACCEPT, REJECT, DROP"),
            ("    firewall: {rules: [{type: sideways, action: ACCEPT}]}\n", "rule 1: type: 'sideways' is not accepted; accepted: in, out, group"),
            ("    firewall: {rules: [{type: in, action: ACCEPT, proto: tcp, dport: 70000}]}\n", "dport: '70000' is not accepted; accepted: port numbers 1-65535"),
            ("    firewall: {rules: [{type: in, action: ACCEPT, dport: 22}]}\n", "dport needs proto tcp, udp, dccp, sctp"),
            ("    firewall: {rules: [{type: in, action: ACCEPT, source: 10.0.0.300}]}\n", "source: '10.0.0.300' is not accepted; accepted: IP addresses"),
            ("    firewall: {rules: [{type: in, action: ACCEPT, iface: eth0}]}\n", "iface: 'eth0' is not accepted; accepted: net0 to net31"),
            ("    firewall: {rules: [{type: group, action: web, proto: tcp}]}\n", "proto is not accepted in a group rule"),
            ("    firewall: {rules: [{action: ACCEPT}]}\n", "rule 1: type and action must be given"),
            ("    ha: {state: running}\n", "ha in container proxy: state: 'running' is not accepted; accepted: started, stopped, enabled, disabled, ignored"),
            ("    ha: {max_restart: -1}\n", "max_restart: '-1' is not accepted; accepted: a whole number from 0 to 1000"),
            ("    ha: {group: g, rule: r}\n", "group and rule both given"),
        ]
        expectStackFileRefusals(cases.map { ("containers:\n  proxy:\n" + $0.0, $0.1) }, parse: Self.parse)
    }

    /// A member named `name` with `firewall` and `ha`.
    static func member(_ name: String, address: String, firewall: ContainerFirewall? = nil, ha: ContainerHA? = nil) -> StackMember {
        var spec = staticSpec(address: address)
        spec.hostname = name
        spec.firewall = firewall
        spec.ha = ha
        var options = ContainerBuilder.Options()
        options.taskTimeout = .seconds(300)
        return StackMember(name: name, spec: spec, options: options)
    }

    @Test("apply sends the plan's firewall and HA requests and nothing else: net0 has firewall=1, the rules in order, ct:ID in the HA rule")
    func appliedAsPlanned() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.command(["op": "ha", "rules": [["rule": "edge", "type": "node-affinity", "nodes": "pve1", "resources": "ct:900"]]])
            let path = try temporaryFolder() + "/edge.yaml"
            try Data("name: edge\n".utf8).write(to: URL(fileURLWithPath: path))
            let stack = Stack(name: "edge", file: path, members: [
                Self.member("proxy", address: "10.0.0.31/24", firewall: Self.firewall, ha: ContainerHA(state: "started", maxRestart: 2, rule: "edge")),
            ], key: StackKey.random(), keyPath: "/keys/edge.key")
            let client = try pve.passwordClient()
            let runner = StackRunner(client: client, concurrency: 2, placementSeed: 7, sleep: { _ in })
            let plan = try await runner.plan(stack)
            let created = try #require(plan.creates.first)
            #expect(created.actions.map(\.kind).suffix(2) == [.configureFirewall, .addToHA])
            #expect(created.createRequest.options.networks[0]?.firewall == true)
            let saved = try SavedStackPlan(plan: plan, fileDigest: try SavedStackPlan.digest(ofFile: path))
            let planned = try #require(saved.containers.first?.requests)
            #expect(planned.map { "\($0.method) \($0.path)" }.contains("POST /cluster/ha/resources"))
            let report = try ReportEncoder.text(try StackPlanReport(plan: plan))
            #expect(report.contains("/firewall/rules") && report.contains("/cluster/ha/rules/edge"), "apply --plan --json shows them")

            let result = await runner.apply(plan)
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
            let ctid = created.ctid
            let written = try SavedStackPlanTests.recordedWrites(pve)
            #expect(written.map { "\($0.method) \($0.path)" } == planned.map { "\($0.method) \($0.path)" })
            for (sent, request) in zip(written, planned) where request.path != "/cluster/ha/rules/edge" {
                #expect(sent.parameters == request.parameters, "\(request.method) \(request.path)")
            }
            // The rule's request is sent with what was read just before in place of the plan's <...> values.
            let ruleWrite = try #require(written.last)
            #expect(ruleWrite.parameters["resources"] == "ct:900,ct:\(ctid)" && ruleWrite.parameters["type"] == "node-affinity")

            let guest = "/nodes/\(created.node)/lxc/\(ctid)"
            let options = try await client.call(APIRequest(.get, guest + "/firewall/options"))
            #expect(options["enable"]?.intValue == 1 && options["policy_in"]?.stringValue == "DROP", "\(options)")
            let rules = try await client.call(APIRequest(.get, guest + "/firewall/rules")).arrayValue ?? []
            #expect(rules.map { $0["dport"]?.stringValue ?? $0["macro"]?.stringValue } == ["443", "SSH"], "\(rules)")
            let config = try await client.node(created.node).container(ctid).config()
            #expect(config.options.networks[0]?.firewall == true)
            let resources = try await client.call(APIRequest(.get, "/cluster/ha/resources")).arrayValue ?? []
            #expect(resources.map { $0["sid"]?.stringValue } == ["ct:\(ctid)"] && resources.first?["max_restart"]?.intValue == 2, "\(resources)")

            // Applied again: the container is the stack's, net0's firewall=1 is no drift, and nothing is written.
            let before = try pve.writes().count
            let again = try await StackRunner(client: client, concurrency: 2, placementSeed: 7, sleep: { _ in }).planAndApply(stack)
            guard case .existing(let existing)? = again.entries.first?.outcome else {
                Issue.record("not found again: \(String(describing: again.entries.first?.outcome))")
                return
            }
            #expect(existing.drift.isEmpty, "\(existing.drift)")
            #expect(try pve.writes().count == before)
        }
    }

    @Test("two containers joining one HA rule at the same time both end in its resources (a write with a stale digest is read again)")
    func oneRuleTwoMembers() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.command(["op": "ha", "rules": [["rule": "edge", "type": "node-affinity", "nodes": "pve1", "resources": "ct:900"]]])
            let members = [("a", "10.0.0.34/24"), ("b", "10.0.0.35/24")].map { Self.member($0.0, address: $0.1, ha: ContainerHA(rule: "edge")) }
            let stack = Stack(name: "edge", file: "edge.yaml", members: members, key: StackKey.random(), keyPath: "/keys/edge.key")
            try pve.set("ha_rule_conflicts", 2)  // two writes meet a rule changed since it was read
            let result = try await StackRunner(client: try pve.passwordClient(), concurrency: 2, placementSeed: 7, sleep: { _ in }).planAndApply(stack)
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
            let ids = result.entries.compactMap { if case .created(let built) = $0.outcome { built.ctid } else { nil } }
            let rules = try pve.command(["op": "get", "attr": "ha_rules"]) as? [String: [String: Any]]
            let listed = Set((rules?["edge"]?["resources"] as? String ?? "").split(separator: ",").map(String.init))
            #expect(listed == Set(["ct:900"] + ids.map { "ct:\($0)" }), "\(listed)")
            let writes = try pve.writes().map { "\($0.method) \($0.path)" }
            // Two refused, each read again; the two members may also meet each other's write, and read again too.
            #expect(writes.filter { $0.hasSuffix("PUT /api2/json/cluster/ha/rules/edge") }.count >= 4, "\(writes)")
        }
    }

    @Test("a macro the cluster does not know is refused (64) while planning, naming the container and the nearest macro; nothing written")
    func unknownMacro() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let firewall = ContainerFirewall(options: ["enable": "1"], rules: [
                ContainerFirewall.Rule(parameters: ["type": "in", "action": "ACCEPT", "macro": "https"]),
                ContainerFirewall.Rule(parameters: ["type": "in", "action": "ACCEPT", "macro": "HTTPZ"]),
            ])
            let stack = Stack(name: "edge", file: "edge.yaml", members: [Self.member("proxy", address: "10.0.0.33/24", firewall: firewall)],
                              key: StackKey.random(), keyPath: "/keys/edge.key")
            let runner = StackRunner(client: try pve.passwordClient(), concurrency: 1, placementSeed: 7, sleep: { _ in })
            do throws(BuildError) {
                _ = try await runner.plan(stack)
                Issue.record("HTTPZ should be refused")
            } catch {
                #expect(error.exitCode == 64, "\(error.message)")
                #expect(error.message.contains("container proxy: firewall macro 'HTTPZ' is not one of the cluster's") && error.message.contains("did you mean HTTP?"),
                        "\(error.message)")
                #expect(!error.message.contains("'https'"), "PVE looks macros up whatever their case")
            }
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("an HA group on a PVE 9 node is refused while planning, naming the rule to use instead; nothing written")
    func groupOnPVE9() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let stack = Stack(name: "edge", file: "edge.yaml", members: [Self.member("db", address: "10.0.0.32/24", ha: ContainerHA(group: "databases"))],
                              key: StackKey.random(), keyPath: "/keys/edge.key")
            let runner = StackRunner(client: try pve.passwordClient(), concurrency: 1, placementSeed: 7, sleep: { _ in })
            let plan = try await runner.plan(stack)
            guard case .failed(let error)? = plan.entries.first?.outcome else {
                Issue.record("planned: \(String(describing: plan.entries.first?.outcome))")
                return
            }
            #expect(error.exitCode == 64 && error.message.contains("ha group 'databases'") && error.message.contains("ha: {rule: NAME}"), "\(error.message)")
            #expect(try pve.writes().isEmpty)
        }
    }
}
