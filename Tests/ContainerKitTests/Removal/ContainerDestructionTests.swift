import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// `destroy` and `destroy --stack` as ContainerKit calls: the plan lists the actions with read requests only, the run
/// does exactly those.
@Suite("ContainerDestruction: a typed destroy plan, carried out as listed, on fakepve", .serialized)
struct ContainerDestructionTests {
    /// The writes the fake received for container `ctid` (vzdump for it, its stop, its removal).
    static func writes(_ pve: FakePVE, of ctid: Int) throws -> [String] {
        try pve.writes().compactMap { write -> String? in
            if write.path.hasSuffix("/vzdump") { return "vzdump" }
            guard write.path.contains("/lxc/\(ctid)") else { return nil }
            return "\(write.method) \(write.path.components(separatedBy: "/lxc/\(ctid)").last ?? "")"
        }
    }

    @Test("one container: the plan backs up, then stops and destroys; the run does those, in that order, and no more")
    func oneContainerPlanEqualsRun() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [120, "ct120"], ["status": "running"])
            try pve.serveVzdump()
            let folder = try temporaryFolder()
            let log = try RunLog(redactor: Redactor(), environment: ["LXC_BUILD_LOG_DIR": folder])
            let destruction = ContainerDestruction(client: try pve.passwordClient(), options: DestroyOptions(), log: log)
            let plan = try await destruction.plan(ctid: 120, node: nil)
            let target = DestroyTarget(ctid: 120, node: "pve1", hostname: "ct120")
            #expect(plan.actions == [.backUp(target, storage: "local"), .stopAndDestroy(target)])
            #expect(plan.question == "Remove container 120 (ct120) on pve1 (back up to storage local first, then stop and destroy)?")
            #expect(plan.steps == ["back up container 120 (ct120) on pve1 to storage local", "stop and destroy container 120 (ct120) on pve1"])
            #expect(try pve.writes().isEmpty, "planning writes nothing")

            let result = await destruction.execute(plan)
            #expect(result.exitCode == BuildExitCode.success && result.error == nil)
            #expect(result.removed == [target])
            let archive = try #require(result.archives[120])
            #expect(archive.hasPrefix("local:backup/vzdump-lxc-120-"))
            #expect(try Self.writes(pve, of: 120) == ["vzdump", "POST /status/stop", "DELETE "], "the planned backup, then the stop and the removal")
            #expect(try await pve.containerIDs().isEmpty)
            #expect(DestroyReport(result: result) == DestroyReport(ctid: 120, node: "pve1", backup: archive))
            #expect(result.keptLog == nil && !FileManager.default.fileExists(atPath: log.path), "no failure, no log kept")
        }
    }

    @Test("a failing backup keeps the container (87), the task log kept and named")
    func failedBackupKeepsTheContainer() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [122, "ct122"], ["status": "running"])
            try pve.serveVzdump(fail: "no space left", vmid: 122)
            let log = try RunLog(redactor: Redactor(), environment: ["LXC_BUILD_LOG_DIR": try temporaryFolder()])
            let destruction = ContainerDestruction(client: try pve.passwordClient(), options: DestroyOptions(), log: log)
            let plan = try await destruction.plan(ctid: 122, node: "pve1")
            let result = await destruction.execute(plan)
            #expect(result.exitCode == BuildExitCode.backupFailed)
            #expect(result.error?.message.contains("container(s) 122 not removed") == true, "\(result.error?.message ?? "")")
            #expect(result.removed.isEmpty && result.archives.isEmpty)
            #expect(try await pve.containerIDs() == [122])
            #expect(try Self.writes(pve, of: 122) == ["vzdump"], "neither stopped nor removed")
            #expect(result.keptLog == log.path && FileManager.default.fileExists(atPath: log.path))
            #expect(result.error?.hint?.contains(log.path) == true)
        }
    }

    @Test("a protected container is refused (77) when planned, before any write")
    func protectedRefusedBeforeAnyWrite() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [121, "guarded"], ["config": ["protection": 1]])
            try pve.serveVzdump()
            let destruction = ContainerDestruction(client: try pve.passwordClient(), options: DestroyOptions())
            let error = await #expect(throws: BuildError.self) { try await destruction.plan(ctid: 121, node: nil) }
            #expect(error?.exitCode == BuildExitCode.permissionDenied && error?.message.contains("pct set 121 --protection 0") == true)
            let missing = await #expect(throws: BuildError.self) { try await destruction.plan(ctid: 999, node: nil) }
            #expect(missing?.exitCode == BuildExitCode.containerNotFound)
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs() == [121])
        }
    }

    @Test("without a storage that takes backups the plan says so and removes without one; --no-backup plans no backup")
    func noBackupStorage() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [123, "ct123"], [:])
            try pve.setStorageContent("local", "iso,vztmpl")
            let client = try pve.passwordClient()
            let plan = try await ContainerDestruction(client: client, options: DestroyOptions()).plan(ctid: 123, node: nil)
            let target = DestroyTarget(ctid: 123, node: "pve1", hostname: "ct123")
            #expect(plan.actions == [.stopAndDestroy(target)] && plan.noBackupStorage)
            #expect(plan.warnings == ["no storage takes backups (content backup) on pve1: removing without a backup"])
            let bare = try await ContainerDestruction(client: client, options: DestroyOptions(backUp: false)).plan(ctid: 123, node: nil)
            #expect(bare.actions == [.stopAndDestroy(target)] && bare.warnings.isEmpty && bare.backup == nil)
            let result = await ContainerDestruction(client: client, options: DestroyOptions(backUp: false)).execute(bare)
            #expect(result.removed == [target] && result.archives.isEmpty)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("destroy --stack: proved claims backed up and removed dependants first; an unproved claim is left alone, the run ends with 64")
    func stackWithOneUnprovedClaim() async throws {
        try await withFakePVE { pve in
            let keys = try temporaryFolder()
            let file = try StackFile.parse("containers:\n  db:\n  app:\n    depends_on: db\n  cache:\n  queue:\n", path: "tier.yaml")
            let key = try StackKey.loadOrCreate(stack: "tier", folder: keys)
            for (ctid, name) in [(301, "db"), (302, "app")] {
                let marker = StackMarker.line(stack: "tier", container: name, ctid: ctid, runMark: "", key: key)
                try pve.call("add_ct", [ctid, name], ["status": "running", "config": ["description": "- " + marker]])
            }
            try pve.call("add_ct", [303, "cache"], ["config": ["description": "- lxc-build stack: tier cache"]])
            try pve.serveVzdump()
            let destruction = ContainerDestruction(client: try pve.passwordClient(), options: DestroyOptions())
            let plan = try await destruction.plan(stack: file, keyFolder: keys)
            let (db, app) = (DestroyTarget(ctid: 301, node: "pve1", hostname: "db", name: "db"),
                             DestroyTarget(ctid: 302, node: "pve1", hostname: "app", name: "app"))
            let cache = DestroyTarget(ctid: 303, node: "pve1", hostname: "cache", name: "cache")
            #expect(plan.actions == [.backUp(app, storage: "local"), .backUp(db, storage: "local"), .stopAndDestroy(app), .stopAndDestroy(db),
                                     .leaveAlone(cache, proof: .missing)])
            #expect(plan.notFound == ["cache", "queue"])
            #expect(plan.question == "Remove the containers of stack tier (back up to storage local first): 302 (app) on pve1, 301 (db) on pve1?")
            #expect(plan.steps.last == "cache: container 303 on pve1 left alone: " + StackMarker.Proof.missing.explanation)
            #expect(try pve.writes().isEmpty, "planning writes nothing")

            let result = await destruction.execute(plan)
            #expect(result.removed == [app, db])
            #expect(result.exitCode == BuildExitCode.usage)
            #expect(result.error?.message.contains("container(s) 303 (cache) claim stack tier without a proof of its key; left alone") == true,
                    "\(result.error?.message ?? "")")
            #expect(try await pve.containerIDs() == [303])
            #expect(try Self.writes(pve, of: 303).filter { $0 != "vzdump" }.isEmpty, "the unproved claim is never touched")
            #expect(try pve.requests().filter { $0.path.hasSuffix("/vzdump") }.count == 2, "one backup per planned backup action")

            let report = StackDestroyReport(result: result)
            #expect(report.destroyed.map(\.name) == ["app", "db"] && report.destroyed.allSatisfy { $0.backup?.hasPrefix("local:backup/") == true })
            #expect(report.leftAlone.map(\.ctid) == [303] && report.notFound == ["cache", "queue"])
            #expect(report.status == "failed" && report.error?.exitCode == BuildExitCode.usage)
        }
    }

    @Test("destroy --stack: a protected member is left alone in the plan, neither backed up nor touched; the others go; 77")
    func stackWithProtectedMember() async throws {
        try await withFakePVE { pve in
            let keys = try temporaryFolder()
            let file = try StackFile.parse("containers:\n  db:\n  app:\n    depends_on: db\n", path: "tier.yaml")
            let key = try StackKey.loadOrCreate(stack: "tier", folder: keys)
            for (ctid, name, protection) in [(301, "db", 1), (302, "app", 0)] {
                let marker = StackMarker.line(stack: "tier", container: name, ctid: ctid, runMark: "", key: key)
                try pve.call("add_ct", [ctid, name], ["status": "running", "config": ["description": "- " + marker, "protection": protection]])
            }
            try pve.serveVzdump()
            let destruction = ContainerDestruction(client: try pve.passwordClient(), options: DestroyOptions())
            let plan = try await destruction.plan(stack: file, keyFolder: keys)
            let (db, app) = (DestroyTarget(ctid: 301, node: "pve1", hostname: "db", name: "db"),
                             DestroyTarget(ctid: 302, node: "pve1", hostname: "app", name: "app"))
            #expect(plan.actions == [.backUp(app, storage: "local"), .stopAndDestroy(app), .leaveProtected(db)])
            #expect(plan.protected == [db] && plan.removals == [app])
            #expect(plan.question == "Remove the containers of stack tier (back up to storage local first): 302 (app) on pve1?")
            #expect(plan.steps.last == "db: container 301 on pve1 left alone: protection is set (pct set 301 --protection 0 lifts it)")

            let result = await destruction.execute(plan)
            #expect(result.removed == [app])
            #expect(result.exitCode == BuildExitCode.permissionDenied)
            #expect(result.failures.map(\.target) == [db] && result.error?.message.contains("pct set 301 --protection 0") == true)
            #expect(try await pve.containerIDs() == [301])
            #expect(try Self.writes(pve, of: 301).filter { $0 != "vzdump" }.isEmpty, "the protected member is never touched")
            #expect(try pve.requests().filter { $0.path.hasSuffix("/vzdump") }.count == 1, "one backup: the member removed")
            #expect(result.archives.keys.sorted() == [302], "the protected member is not backed up")

            let report = StackDestroyReport(result: result)
            #expect(report.destroyed.map(\.name) == ["app"])
            #expect(report.leftAlone.map(\.ctid) == [301] && report.leftAlone.first?.reason == "protected" && report.leftAlone.first?.proof == "verified")
            #expect(report.status == "failed" && report.error?.exitCode == BuildExitCode.permissionDenied)
        }
    }

    @Test("a bad backup storage's error names the caller's setting: --backup-storage for destroy, --storage for backup")
    func storageSettingNamed() async throws {
        let destroy = #expect(throws: BuildError.self) { try DestroyOptions(backupStorage: "no/such").validate() }
        #expect(destroy?.message.hasPrefix("--backup-storage ") == true && destroy?.exitCode == BuildExitCode.usage, "\(destroy?.message ?? "")")
        let both = #expect(throws: BuildError.self) { try DestroyOptions(backUp: false, backupStorage: "local").validate() }
        #expect(both?.message == "--no-backup and --backup-storage: give one of them")
        let backup = #expect(throws: BuildError.self) { try BackupOptions(storage: "no/such").validate() }
        #expect(backup?.message.hasPrefix("--storage ") == true)
        try await withFakePVE { pve in
            try pve.call("add_ct", [124, "ct124"], [:])
            let run = ContainerBackup(client: try pve.passwordClient(), options: BackupOptions(storage: "no/such"))
            let planned = await #expect(throws: BuildError.self) {
                try await run.plan([BackupTarget(ctid: 124, node: "pve1")], setting: "--backup-storage")
            }
            #expect(planned?.message.hasPrefix("--backup-storage ") == true, "\(planned?.message ?? "")")
        }
    }
}
