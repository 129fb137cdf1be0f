import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Issue 28's "done when": the three-service stack of Examples/stacks/media-stack.yaml (database; app with a shared media
/// bind mount; reverse proxy with firewall rules; HA; start order by startup and depends_on) applies on a two-node fake
/// cluster, applies again with no write and no drift, and exports back to an equivalent file that `apply --plan` on the
/// same cluster shows with no change. The bind mounts have no uid/gid mapping: that needs a node shell (StackMountsTests
/// covers it); here the fake cluster alone is enough.
@Suite("Issue 28 done when: a three-service stack applies, re-applies with no change, and exports to an equivalent file", .serialized)
struct StackDoneWhenTests {
    /// The example stack file, in the repository.
    static var example: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/stacks/media-stack.yaml").path
    }

    /// The stack in `path`, loaded as `apply` loads it, its key in `folder`.
    static func load(_ path: String, folder: String) async throws -> Stack {
        let environment = ["HOME": folder, "LXC_BUILD_DEFAULTS_DIR": folder + "/defaults", "LXC_BUILD_STACK_KEYS": folder + "/keys"]
        var overrides = BuildOverrides()
        overrides.ipTimeout = .seconds(300)
        return try await Stack.load(file: path, environment: environment, catalog: try CatalogSource(catalog: nil, environment: environment),
                                    node: NodeRequest(flag: nil, environment: environment), overrides: overrides)
    }

    static func runner(_ client: ProxmoxClient) -> StackRunner {
        StackRunner(client: client, concurrency: 2, placementSeed: 7, sleep: { _ in })
    }

    @Test("apply, apply again (no write, no drift), export, and apply --plan of the export: no change, no drift; the files are equivalent")
    func doneWhen() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            try pve.command(["op": "ha", "rules": [["rule": "media", "type": "node-affinity", "nodes": "pve1,pve2", "resources": ""]]])
            let client = try pve.passwordClient()
            _ = try await client.send(APIRequest(.post, "/pools", parameters: [APIParameter("poolid", .string("web"))]))
            let folder = try temporaryFolder()
            let path = folder + "/media-stack.yaml"
            try Data(contentsOf: URL(fileURLWithPath: Self.example)).write(to: URL(fileURLWithPath: path))
            let stack = try await Self.load(path, folder: folder)

            let first = try await Self.runner(client).planAndApply(stack)
            #expect(first.exitCode == 0, "\(first.failures.map(\.error.description))")
            let built = StackOwnershipTests.created(first)
            let ids = try ["db", "app", "proxy"].map { name in try #require(built[name]?.ctid, "\(name) created") }
            #expect(built["db"]?.node == "pve1" && built["app"]?.node == "pve2" && built["proxy"]?.node == "pve2")

            // Applied again: every container is the stack's, without drift, and nothing is written.
            let writes = try pve.writes().count
            let second = try await Self.runner(client).planAndApply(stack)
            #expect(second.exitCode == 0 && !second.hasDifferences)
            for entry in second.entries {
                guard case .existing(let existing) = entry.outcome else {
                    Issue.record("\(entry.name) not found again: \(entry.outcome)")
                    continue
                }
                #expect(existing.drift.isEmpty && existing.changes.isEmpty, "\(entry.name): \(existing.drift)")
            }
            #expect(try pve.writes().count == writes, "the second apply wrote nothing")

            // Exported: the stack's name and the containers' names come from their markers.
            let exported = try await StackExport.read(ids: ids, client: client)
            #expect(StackExport.stackName(of: exported) == "media-stack")
            let text = StackExport.yaml(name: StackExport.stackName(of: exported) ?? "exported", containers: exported)
            let exportedPath = folder + "/exported.yaml"
            try text.write(toFile: exportedPath, atomically: true, encoding: .utf8)
            let original = try StackFile.load(path)
            let copy = try StackFile.load(exportedPath)
            Self.expectEquivalent(original, copy, text: text)

            // apply --plan of the exported file on the same cluster: every container found, no drift, nothing to do.
            let plan = try await Self.runner(client).plan(try await Self.load(exportedPath, folder: folder))
            #expect(!plan.hasChanges && !plan.writes && plan.orphans.isEmpty, "\(text)")
            for entry in plan.entries {
                guard case .existing(let existing) = entry.outcome else {
                    Issue.record("\(entry.name) is not found as the stack's: \(entry.outcome)")
                    continue
                }
                #expect(existing.drift.isEmpty, "\(entry.name): \(existing.drift)")
            }
            #expect(try pve.writes().count == writes)
        }
    }

    /// The same members in the same order, with the same app, node, startup, pool, depends_on, firewall and ha, and each
    /// setting of the original with the same value in the copy (the copy also writes what the original left at its
    /// default); mounts compared as mounts.
    static func expectEquivalent(_ original: StackFile, _ copy: StackFile, text: String) {
        #expect(original.name == copy.name)
        #expect(original.containers.map(\.name) == copy.containers.map(\.name), "\(text)")
        for (want, have) in zip(original.containers, copy.containers) {
            #expect(want.app == have.app && want.node == have.node, "\(want.name)")
            #expect(want.startup == have.startup && want.pool == have.pool && want.dependsOn == have.dependsOn, "\(want.name): \(have)")
            #expect(want.firewall == have.firewall, "\(want.name): \(String(describing: have.firewall))")
            #expect(want.ha == have.ha, "\(want.name): \(String(describing: have.ha))")
            let copied = Dictionary(have.settings.map { ($0.variable, $0.value) }, uniquingKeysWith: { first, _ in first })
            for setting in want.settings {
                if setting.variable == ConfigKey.mounts.variableName {
                    #expect((try? MountPointSetting.parseList(setting.value)) == copied[setting.variable].flatMap { try? MountPointSetting.parseList($0) },
                            "\(want.name): \(setting.value) vs \(copied[setting.variable] ?? "(none)")")
                } else {
                    #expect(copied[setting.variable] == setting.value, "\(want.name): \(setting.variable)")
                }
            }
        }
    }

    @Test("the notes' depends_on line gives back valid container names only; export keeps those it exports and notes the others")
    func dependsOnLine() throws {
        let notes = lxcBuildNotes(app: "debian") + "\n- lxc-build stack: shop proxy proof=00\n- "
            + BuiltContainerNotes.dependsOnLine(["app", "bad name", "db"])
        let read = try #require(BuiltContainerNotes(description: notes, tags: []))
        #expect(read.dependsOn == ["app", "db"] && read.stack == "shop")
        let config = try ContainerConfig(json: .object(["hostname": .string("proxy"), "description": .string(notes)]))
        let exported = StackExport.container(ctid: 300, node: "pve1", config: config)
        #expect(exported.name == "proxy" && exported.dependsOn == ["app", "db"])
        let text = StackExport.yaml(name: "shop", containers: [exported])
        #expect(text.contains(#"depends_on: ["app", "db"]"#), "\(text)")
    }
}
