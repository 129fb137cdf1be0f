import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// One selection type for update, backup and health: ids, --all, --tag, a stack file's proved members or the stack
/// name the notes carry, narrowed by --running/--stopped, resolved by the same reads.
@Suite("ContainerSelection: one way to pick containers for update, backup and health, on fakepve")
struct ContainerSelectionTests {
    /// 500 and 501 are stack web-tier's (500 proved, 501 with a marker of another key), 502 is built and stopped,
    /// 503 is not built; 600 is built on pve2.
    private func addContainers(_ pve: FakePVE, key: StackKey) throws {
        let proved = StackMarker.line(stack: "web-tier", container: "web1", ctid: 500, runMark: "", key: key)
        let unproved = StackMarker.line(stack: "web-tier", container: "web2", ctid: 501, runMark: "", key: StackKey.random())
        try pve.call("add_ct", [500, "web1"], ["status": "running", "config": ["description": "## demo\n- " + proved,
                                                                              "tags": "community-script;front"]])
        try pve.call("add_ct", [501, "web2"], ["status": "running", "config": ["description": "## demo\n- " + unproved,
                                                                              "tags": "community-script"]])
        try pve.call("add_ct", [502, "db"], ["status": "stopped", "config": ["description": lxcBuildNotes(app: "postgres"), "tags": "community-script;front"]])
        try pve.call("add_ct", [503, "mine"], ["status": "running", "config": ["description": "my own box"]])
        try pve.call("add_ct", [600, "far"], ["node": "pve2", "status": "running", "config": ["description": lxcBuildNotes(app: "demo"),
                                                                                             "tags": "community-script"]])
    }

    private func stackFile(in folder: String) throws -> String {
        let file = folder + "/web-tier.yaml"
        try "name: web-tier\ndefaults:\n  app: demo\ncontainers:\n  web1: {}\n  web2: {}\n".write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("ids, --all, --tag, --stack FILE and --running/--stopped resolve to the same targets whichever command asks")
    func resolves() async throws {
        let folder = try temporaryFolder()
        let file = try stackFile(in: folder)
        let key = try StackKey.loadOrCreate(stack: "web-tier", folder: folder)
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try addContainers(pve, key: key)
            let client = try pve.passwordClient()
            func resolve(_ selection: ContainerSelection, node: String? = nil) async throws -> ContainerSelection.Resolution {
                try await selection.resolve(client: client, node: node, stackKeyFolder: folder)
            }

            let ids = try await resolve(.ids([600, 503, 999]))
            #expect(ids.targets.map(\.ctid) == [600, 503, 999], "ids in the order given")
            #expect(ids.targets[0] == ContainerSelection.Target(ctid: 600, node: "pve2", status: "running", hostname: "far"))
            #expect(ids.targets[2].node == nil && ids.missing == [ContainerSelection.Missing(ctid: 999, isVirtualMachine: false)])

            let all = try await resolve(ContainerSelection(all: true))
            #expect(all.targets.map(\.ctid) == [500, 501, 502, 600] && all.missing.isEmpty)
            #expect(all.targets.last == ContainerSelection.Target(ctid: 600, node: "pve2", status: "running", hostname: "far", app: "demo"))
            #expect(try await resolve(ContainerSelection(all: true), node: "pve2").targets.map(\.ctid) == [600])
            #expect(try await resolve(ContainerSelection(all: true, status: .stopped)).targets.map(\.ctid) == [502])
            #expect(try await resolve(ContainerSelection(tag: "front")).targets.map(\.ctid) == [500, 502])
            #expect(try await resolve(ContainerSelection(tag: "front", status: .running)).targets.map(\.ctid) == [500])
            #expect(try await resolve(ContainerSelection(ids: [500, 502], status: .running)).targets.map(\.ctid) == [500])

            let stack = try await resolve(.stack(file: file))
            #expect(stack.targets.map(\.ctid) == [500] && stack.targets.first?.node == "pve1" && stack.targets.first?.status == "running")
            #expect(stack.targets.first?.hostname == "web1" && stack.targets.first?.app == all.targets.first?.app, "the notes' app, as the list reads it")
            #expect(stack.warnings.count == 1 && stack.warnings[0].hasPrefix("web2: container 501 on pve1 left out"), "\(stack.warnings)")
            #expect(try await resolve(ContainerSelection(stackFile: file, status: .stopped)).targets.isEmpty)

            // The same value is the selection of update (FleetSelection), backup (BackupSelection) and health.
            let backup = ContainerBackup(client: client, options: BackupOptions())
            let refusal = await #expect(throws: BuildError.self) { _ = try await backup.plan(BackupSelection.ids([999]), stackKeyFolder: folder) }
            #expect(refusal?.exitCode == .containerNotFound && refusal?.message.contains("no container 999") == true, "\(String(describing: refusal))")
            #expect(try await backup.plan(.ids([600, 600]), stackKeyFolder: folder).items.map(\.target.ctid) == [600], "an id named twice is backed up once")
            let fleet: FleetSelection = .stack(file: file)
            #expect(try await fleet.resolve(client: client, stackKeyFolder: folder).map(\.ctid) == [500])
        }
    }

    @Test("the factories are the flags: .built is --all, --tag or the stack name; usesFlags tells ids from the rest")
    func factories() {
        #expect(ContainerSelection.built(ContainerList.Filter()) == ContainerSelection(all: true))
        #expect(ContainerSelection.built(ContainerList.Filter(tag: "web", status: .running)) == ContainerSelection(tag: "web", status: .running))
        #expect(ContainerSelection.built(ContainerList.Filter(stack: "web-tier")) == ContainerSelection(stackName: "web-tier"))
        #expect(ContainerSelection.ids([1, 2]) == ContainerSelection(ids: [1, 2]) && !ContainerSelection.ids([1]).usesFlags)
        #expect(ContainerSelection.stack(file: "/s.yaml").usesFlags && ContainerSelection(ids: [1], status: .running).usesFlags)
        #expect(ContainerSelection(all: true).listFilter == ContainerList.Filter())
        #expect(ContainerSelection(ids: [1]).listFilter == nil && ContainerSelection.stack(file: "/s.yaml").listFilter == nil)
    }

    @Test("refused: nothing named, two ways of naming, an id twice (64), the command named in the message")
    func validation() {
        func refusal(_ selection: ContainerSelection, command: String = "update") -> BuildError? {
            do throws(BuildError) { try selection.validate(command: command); return nil } catch { return error }
        }
        #expect(refusal(ContainerSelection(), command: "backup")?.message.hasPrefix("backup needs containers") == true)
        #expect(refusal(ContainerSelection(ids: [100], all: true))?.exitCode == .usage)
        #expect(refusal(ContainerSelection(all: true, stackFile: "/s.yaml"))?.exitCode == .usage)
        #expect(refusal(ContainerSelection(ids: [100, 100]))?.message == "container 100 is named twice")
        #expect(refusal(ContainerSelection(tag: "web", stackName: "web-tier")) == nil, "a tag and a stack name narrow each other")
        #expect(refusal(ContainerSelection(ids: [100], status: .stopped)) == nil)
    }

    @Test("what nothing selected says names the selection")
    func nothingSelected() {
        #expect(ContainerSelection.ids([1, 2]).nothingSelected == "1, 2")
        #expect(ContainerSelection(all: true).nothingSelected.hasPrefix("--all"))
        #expect(ContainerSelection(tag: "web").nothingSelected.hasPrefix("--tag 'web'"))
        #expect(ContainerSelection(stackName: "tier").nothingSelected.hasPrefix("--stack 'tier'"))
        #expect(ContainerSelection.stack(file: "/s.yaml").nothingSelected.contains("proved marker"))
    }
}
