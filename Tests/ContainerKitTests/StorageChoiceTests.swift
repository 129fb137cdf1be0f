import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("Storage choice")
struct StorageChoiceTests {
    static func row(_ name: String, type: String = "dir", content: String = "rootdir,vztmpl", active: Int = 1, enabled: Int = 1,
                    avail: Int64 = 50_000_000_000, used: Int64 = 10_000_000_000, total: Int64 = 60_000_000_000) -> JSONValue {
        ["storage": .string(name), "type": .string(type), "content": .string(content), "active": .integer(Int64(active)),
         "enabled": .integer(Int64(enabled)), "avail": .integer(avail), "used": .integer(used), "total": .integer(total)]
    }

    static func storages(_ rows: [JSONValue]) throws -> [StorageSummary] {
        try rows.map { (row) throws(ProxmoxError) in try StorageSummary(json: row) }
    }

    @Test("preset storages are refused with build.func's exit codes", arguments: [
        ("missing", BuildExitCode.usage), ("backups", BuildExitCode.storagePBS), ("ceph", BuildExitCode.storageCephFS),
        ("direct", BuildExitCode.storageISCSIDirect), ("iscsi", BuildExitCode.storageUnsupported), ("offline", BuildExitCode.storageNotAccessible),
        ("off", BuildExitCode.storageNotAccessible), ("isos", BuildExitCode.storageUnsupported),
    ] as [(String, BuildExitCode)])
    func refusals(name: String, code: BuildExitCode) throws {
        let all = try Self.storages([
            Self.row("backups", type: "pbs", content: "backup"), Self.row("ceph", type: "cephfs", content: "rootdir,vztmpl"),
            Self.row("direct", type: "iscsidirect", content: "images"), Self.row("iscsi", type: "iscsi", content: "images"),
            Self.row("offline", type: "nfs", active: 0), Self.row("off", enabled: 0), Self.row("isos", content: "iso"),
        ])
        #expect {
            _ = try ContainerBuilder.validatePreset(name, role: .container, among: all, node: "pve")
        } throws: { error in
            guard let error = error as? BuildError else { return false }
            return error.exitCode == code && error.message.hasPrefix("var_container_storage=\(name):")
        }
    }

    @Test("a template storage without vztmpl content is 120; CephFS may hold templates")
    func templateRole() throws {
        let all = try Self.storages([Self.row("lvm", type: "lvmthin", content: "rootdir,images"), Self.row("ceph", type: "cephfs", content: "vztmpl,iso")])
        #expect(throws: BuildError.self) { try ContainerBuilder.validatePreset("lvm", role: .template, among: all, node: "pve") }
        #expect(try ContainerBuilder.validatePreset("ceph", role: .template, among: all, node: "pve").storage == "ceph")
    }

    func makePlan(_ rows: [JSONValue], spec: ContainerSpec = staticSpec(), options: ContainerBuilder.Options = ContainerBuilder.Options())
        async throws -> (CreatePlan, EventLog)
    {
        let transport = scriptedPVE(storages: .array(rows), templates: ["debian-12-standard_12.7-1_amd64.tar.zst"])
        let events = EventLog()
        let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .none), options: options, events: events.handler)
        return (try await builder.plan(spec), events)
    }

    @Test("several candidates unattended: the one with the most free space, named with the reason")
    func mostFree() async throws {
        let (plan, events) = try await makePlan([
            Self.row("small", content: "rootdir", avail: 10_000_000_000), Self.row("big", type: "zfspool", content: "rootdir", avail: 90_000_000_000),
            Self.row("local", content: "vztmpl"), Self.row("pbs", type: "pbs", content: "rootdir,backup", avail: 900_000_000_000),
        ])
        #expect(plan.containerStorage == "big")
        #expect(plan.templateStorage == "local")
        #expect(events.decisions.contains { $0.contains("container storage big: most free space") && $0.contains("var_container_storage") })
    }

    @Test("several candidates interactive: the chooser is asked, most free first")
    func interactive() async throws {
        final class PickSecond: Chooser {
            func choose(_ question: String, options: [String], defaultIndex: Int) async -> Int? { options.count > 1 ? 1 : 0 }
            func confirm(_ question: String, defaultAnswer: Bool) async -> Bool { defaultAnswer }
        }
        var options = ContainerBuilder.Options()
        options.interactive = true
        options.chooser = PickSecond()
        let (plan, _) = try await makePlan([
            Self.row("small", content: "rootdir", avail: 10_000_000_000), Self.row("big", content: "rootdir", avail: 90_000_000_000),
            Self.row("local", content: "vztmpl"),
        ], options: options)
        #expect(plan.containerStorage == "small")
    }

    @Test("not enough space is 214; 98% full refuses unattended; 90% only warns")
    func spaceAndHealth() async throws {
        var spec = staticSpec()
        spec.diskGiB = 20
        await #expect {
            _ = try await makePlan([Self.row("tiny", content: "rootdir,vztmpl", avail: 5_000_000_000)], spec: spec)
        } throws: { error in
            (error as? BuildError)?.exitCode == BuildExitCode.notEnoughSpace && (error as? BuildError)?.message.contains("tiny") == true
        }
        await #expect {
            _ = try await makePlan([Self.row("full", content: "rootdir,vztmpl", avail: 1_000_000_000_000, used: 99, total: 100)])
        } throws: { error in
            (error as? BuildError)?.exitCode == BuildExitCode.notEnoughSpace && (error as? BuildError)?.message.contains("98%") == true
        }
        let (plan, _) = try await makePlan([Self.row("busy", content: "rootdir,vztmpl", avail: 1_000_000_000_000, used: 90, total: 100)])
        #expect(plan.warnings.contains("storage 'busy' is 90% full"))
    }

    @Test("no storage with rootdir content is 119, none with vztmpl is 120")
    func missingContent() async throws {
        await #expect {
            _ = try await makePlan([Self.row("local", content: "vztmpl,iso")])
        } throws: { error in (error as? BuildError)?.exitCode == BuildExitCode.noRootdirStorage }
        await #expect {
            _ = try await makePlan([Self.row("lvm", content: "rootdir")])
        } throws: { error in (error as? BuildError)?.exitCode == BuildExitCode.noTemplateStorage }
    }
}
