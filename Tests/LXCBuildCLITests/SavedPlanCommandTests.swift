import Foundation
import LXCBuildTestSupport
import Testing

/// `apply --plan --out PLAN.json`, then `apply PLAN.json`.
@Suite("apply carries out a saved plan", .serialized)
struct SavedPlanCommandTests {
    @Test("apply --plan --out writes the plan and nothing else; apply PLAN.json creates the containers on the plan's nodes and ids")
    func planThenApply() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try StackCommandTests.setUp(pve)
            let out = (file as NSString).deletingLastPathComponent + "/plan.json"
            let planned = try await CLITests.run(["apply", file, "--plan", "--out", out], environment: environment)
            #expect(planned.status == 0, "\(planned.errors)")
            #expect(try pve.writes().isEmpty)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
            #expect(document["format"] as? String == "lxc-build-stack-plan" && document["version"] as? Int == 1)
            let saved = try #require(document["containers"] as? [[String: Any]])
            #expect(saved.count == 3)
            #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int) == 0o600)

            let applied = try await CLITests.run(["apply", out, "--yes", "--json"], environment: environment)
            #expect(applied.status == 0, "\(applied.errors)")
            let created = StackCommandTests.containers(applied)
            for (made, plan) in zip(created, saved) {
                #expect(made["status"] as? String == "created")
                #expect(made["node"] as? String == plan["node"] as? String && made["ctid"] as? Int == plan["ctid"] as? Int, "\(made) \(plan)")
            }

            // Applied once, the plan is spent: its containers exist now, and the run says so before any write.
            let writes = try pve.writes().count
            let again = try await CLITests.run(["apply", out, "--yes"], environment: environment)
            #expect(again.status == 64 && again.errors.contains("web1: exists now"), "\(again.errors)")
            #expect(try pve.writes().count == writes)
        }
    }

    @Test("a saved plan with --plan, or after its stack file was edited, is refused with 64 before any request")
    func refusals() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try StackCommandTests.setUp(pve, stack: StackCommandTests.stack.replacingOccurrences(of: "node: auto", with: "node: pve1"))
            let out = (file as NSString).deletingLastPathComponent + "/plan.json"
            #expect(try await CLITests.run(["apply", file, "--out", out], environment: environment).status == 64, "--out needs --plan")
            #expect(try await CLITests.run(["apply", file, "--plan", "--out", out], environment: environment).status == 0)
            let withPlan = try await CLITests.run(["apply", out, "--plan"], environment: environment)
            #expect(withPlan.status == 64 && withPlan.errors.contains("is a saved plan"), "\(withPlan.errors)")
            try (StackCommandTests.stack + "\n# edited\n").write(toFile: file, atomically: true, encoding: .utf8)
            let requests = try pve.requests().count
            let edited = try await CLITests.run(["apply", out, "--yes"], environment: environment)
            #expect(edited.status == 64 && edited.errors.contains("was edited since the plan was made"), "\(edited.errors)")
            #expect(try pve.requests().count == requests)
        }
    }
}
