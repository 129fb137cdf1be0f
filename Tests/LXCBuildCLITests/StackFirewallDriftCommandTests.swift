import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// Through the command line: firewall and HA drift, `--converge`, and `export` of a stack that
/// `apply --plan` then finds unchanged.
@Suite("apply: firewall and HA drift, --converge, and export of the stack, against fakepve", .serialized)
struct StackFirewallDriftCommandTests {
    @Test("a policy opened by hand: plan shows the drift and its requests (2); --converge puts it back (0); export, then apply --plan: 0")
    func driftConvergeExport() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.command(["op": "ha", "rules": [["rule": "shop", "type": "node-affinity", "nodes": "pve1", "resources": "ct:900"]]])
            let (file, environment) = try StackCommandTests.setUp(pve, stack: StackFirewallCommandTests.stack)
            let first = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(first.status == 0, "\(first.errors)")
            let ids = StackCommandTests.containers(first).compactMap { $0["ctid"] as? Int }
            let proxy = try #require(ids.first)
            let guest = "/nodes/pve1/lxc/\(proxy)"
            _ = try await pve.passwordClient().call(APIRequest(.put, guest + "/firewall/options", parameters: [APIParameter("policy_in", .string("ACCEPT"))]))

            let plan = try await CLITests.run(["apply", file, "--plan", "--converge", "--detailed-exitcode"], environment: environment)
            #expect(plan.status == 2, "\(plan.errors)")
            #expect(plan.output.contains("firewall policy_in is ACCEPT, the stack file says DROP"), "\(plan.output)\(plan.errors)")
            #expect(plan.output.contains("PUT \(guest)/firewall/options"), "\(plan.output)")
            let converged = try await CLITests.run(["apply", file, "--yes", "--converge", "--detailed-exitcode"], environment: environment)
            #expect(converged.status == 0, "\(converged.output)\(converged.errors)")
            let options = try await pve.passwordClient().call(APIRequest(.get, guest + "/firewall/options"))
            #expect(options["policy_in"]?.stringValue == "DROP")

            let exported = (file as NSString).deletingLastPathComponent + "/exported.yaml"
            let export = try await CLITests.run(["export"] + ids.map(String.init) + ["--out", exported], environment: environment)
            #expect(export.status == 0, "\(export.errors)")
            let text = try String(contentsOfFile: exported, encoding: .utf8)
            #expect(text.contains("name: \"shop\"") && text.contains("policy_in: \"DROP\"") && text.contains("rule: \"shop\""), "\(text)")
            let writes = try pve.writes().count
            let again = try await CLITests.run(["apply", exported, "--plan", "--detailed-exitcode"], environment: environment)
            #expect(again.status == 0, "the exported file is the stack as it is: \(again.output)\(again.errors)\n\(text)")
            #expect(try pve.writes().count == writes)
        }
    }
}
