import ConfigResolution
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

@testable import lxc_build

/// Steps 3 and 8 with what the cluster says: ids in use and the node's bridges, read through the API.
@Suite("Wizard: container id and bridge from the cluster", .serialized)
struct WizardClusterTests {
    let loader: ConfigLoader
    let app: AppProfile

    init() throws {
        loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try CLITests.temporaryDirectory()])
        app = try AppProfile(name: "debian", declaredDefaults: [.cpu: "1", .ram: "512", .disk: "4", .os: "debian", .version: "12"])
    }

    func run(_ context: WizardContext, _ script: [PromptAnswer?]) throws -> (WizardResult?, ScriptedPrompter) {
        let prompter = ScriptedPrompter(script)
        let wizard = AdvancedWizard(prompter: prompter, validator: loader.validator, context: context, appName: "debian")
        return (wizard.run(from: try loader.resolve(mode: .advanced, app: app)), prompter)
    }

    @Test("step 3: an id in use is refused with the next free one offered; No asks again, Yes takes it")
    func idInUse() throws {
        var context = WizardContext()
        context.usedIDs = [100, 101, 105]
        // Type, password; id 101 (in use) → No; id 105 (in use) → Yes.
        let (result, prompter) = try run(context, [nil, nil, .value("101"), .value("no"), .value("105"), .value("yes")])
        let offers = prompter.asked.filter { $0.title.hasSuffix("Container ID in use") }
        #expect(offers.count == 2)
        #expect(offers.first?.text.contains("Container ID 101 is already in use") == true && offers.first?.text.contains("102") == true)
        #expect(prompter.asked.filter { $0.title.hasSuffix("· Container ID") }.map(\.defaultValue) == ["", "101"])
        #expect(result?.assignments.contains("var_ctid=102") == true)

        let (free, quiet) = try run(context, [nil, nil, .value("110")])
        #expect(free?.assignments.contains("var_ctid=110") == true)
        #expect(!quiet.asked.contains { $0.title.hasSuffix("in use") })
    }

    @Test("step 8: the bridges are a menu with the current one preselected; no list asks for a name")
    func bridgeMenu() throws {
        var context = WizardContext()
        context.bridges = [("vmbr0", "LAN", false), ("vmbr1", nil, false)]
        let (result, prompter) = try run(context, Array(repeating: nil, count: 7) + [.value("vmbr1")])
        let step = try #require(prompter.asked.first { $0.title.hasSuffix("· Network bridge") })
        #expect(step.defaultValue == "vmbr0" && step.text.contains("LAN"))
        #expect(result?.assignments.contains("var_brg=vmbr1") == true)

        let (typed, asked) = try run(WizardContext(), Array(repeating: nil, count: 7) + [.value("vmbr9")])
        #expect(asked.asked.first { $0.title.hasSuffix("· Network bridge") }?.text.hasPrefix("Bridge name") == true)
        #expect(typed?.assignments.contains("var_brg=vmbr9") == true)
    }

    @Test("the context read through the API: ids in use from /cluster/resources, bridges from the node's network")
    func fromAPI() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [100, "taken"])
            let client = try pve.passwordClient()
            let context = await WizardContext.load(client: client, node: nil)
            #expect(context.usedIDs == [100])
            #expect(context.nextFreeID() == 101)
            let expected = try await client.node("pve1").network(type: "any_bridge").filter(\.isBridge).map(\.iface).sorted()
            #expect(!expected.isEmpty)
            #expect(context.bridges.map(\.name) == expected)
            #expect(await WizardContext.load(client: client, node: "pve1").bridges.map(\.name) == expected)

            // The list cannot be read: the base context's (empty) list stays, so the wizard asks for a name.
            try pve.call("fail", ["GET", "/network", 500, "no network for you"])
            let failed = await WizardContext.load(client: client, node: "pve1")
            #expect(failed.bridges.isEmpty && failed.usedIDs == [100])
        }
    }
}
