import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Three built containers: 101 and 102 on pve1, 201 on pve2; vzdump served by the harness.
private func threeContainers(_ pve: FakePVE, seconds: Double = 0) throws {
    for (vmid, name, node) in [(101, "web", "pve1"), (102, "db", "pve1"), (201, "far", "pve2")] {
        try pve.call("add_ct", [vmid, name], ["node": node, "status": "running", "config": [
            "description": lxcBuildNotes(app: "demo"), "tags": "community-script", "rootfs": "local-lvm:vm-\(vmid)-disk-0,size=4G"]])
    }
    try pve.serveVzdump(seconds: seconds, size: 10 << 20)
}

/// The writes the fake received that are not logins.
private func writeCount(_ pve: FakePVE) throws -> Int { try pve.writes().count }

@Suite("backup: vzdump of selected containers, one task per node at a time, on fakepve")
struct BackupTests {
    @Test("three containers on two nodes: each archive written and found, one task per node at a time, notes as PVE keeps them")
    func threeContainersOnTwoNodes() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try threeContainers(pve, seconds: 0.2)
            let client = try pve.passwordClient()
            let backup = ContainerBackup(client: client, options: BackupOptions(notes: "before the move of {{guestname}}"))
            let plan = try await backup.plan(.built(ContainerList.Filter()))
            #expect(plan.storage == "local" && plan.items.map(\.target.ctid) == [101, 102, 201])
            #expect(plan.items.allSatisfy { $0.pruned.isEmpty && $0.neededBytes == 4 << 30 }, "stopped or unreported use counts the disk size")
            #expect(try writeCount(pve) == 0, "planning writes nothing")

            let result = await backup.execute(plan)
            #expect(result.failure(logPath: nil) == nil)
            #expect(result.outcomes.map(\.target.ctid) == [101, 102, 201])
            for outcome in result.outcomes {
                let volid = try #require(outcome.volid)
                #expect(volid.hasPrefix("local:backup/vzdump-lxc-\(outcome.target.ctid)-") && volid.hasSuffix(".tar.zst"))
                #expect(outcome.size == 10 << 20)
            }
            let events = try pve.vzdumpEvents()
            #expect(events.count == 6)
            for node in ["pve1", "pve2"] {
                let mine = events.filter { $0.node == node }.map(\.event)
                #expect(mine == Array(repeating: ["start", "end"], count: mine.count / 2).flatMap { $0 }, "one backup at a time on \(node): \(mine)")
            }
            let archives = try await client.node("pve1").backupArchives(on: "local", vmid: 102)
            #expect(archives.map(\.notes) == ["before the move of db"])
            #expect(archives.allSatisfy { !$0.isProtected })

            let report = BackupReport(result: result)
            #expect(report.containers.map(\.result) == ["ok", "ok", "ok"] && report.storage == "local")
            let decoded = try JSONDecoder().decode(BackupReport.self, from: Data(try ReportEncoder.text(report).utf8))
            #expect(decoded == report)
        }
    }

    @Test("--keep-last 2 prunes the older unprotected archive and spares the protected one, planned before it is done")
    func pruningSparesProtected() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], ["config": ["description": lxcBuildNotes(app: "demo"), "tags": "community-script"]])
            try pve.serveVzdump()
            let client = try pve.passwordClient()
            let earlier = ContainerBackup(client: client, options: BackupOptions())
            for _ in 0..<3 { _ = await earlier.execute(try await earlier.plan(.ids([101]))) }
            let before = ContainerBackup.newestFirst(try await client.node("pve1").backupArchives(on: "local", vmid: 101))
            #expect(before.count == 3)
            let oldest = try #require(before.last)
            try await client.node("pve1").setBackupAttributes(oldest.volid, isProtected: true)

            let backup = ContainerBackup(client: client, options: BackupOptions(keepLast: 2))
            let plan = try await backup.plan(.ids([101]))
            #expect(plan.items.first?.pruned.map(\.volid) == [before[1].volid], "the newest stays, the protected one is not counted")
            #expect(plan.steps.contains { $0.contains("remove its older archive \(before[1].volid)") })
            let result = await backup.execute(plan)
            let outcome = try #require(result.outcomes.first)
            #expect(outcome.succeeded && outcome.pruned == [before[1].volid])
            let after = ContainerBackup.newestFirst(try await client.node("pve1").backupArchives(on: "local", vmid: 101)).map(\.volid)
            #expect(after == [try #require(outcome.volid), before[0].volid, oldest.volid])
        }
    }

    @Test("a failing backup: 87 for that container, the others backed up, its whole task log kept in the run log")
    func failingBackupKeepsLog() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try threeContainers(pve)
            try pve.serveVzdump(size: 10 << 20, fail: "rsync: write failed: Input/output error", vmid: 102)
            let folder = try temporaryFolder()
            let log = try RunLog(redactor: Redactor(), environment: ["LXC_BUILD_LOG_DIR": folder])
            let backup = ContainerBackup(client: try pve.passwordClient(), options: BackupOptions(), log: log)
            let result = await backup.execute(try await backup.plan(.ids([101, 102, 201])))
            #expect(result.outcomes.map(\.succeeded) == [true, false, true])
            let failure = try #require(result.failure(logPath: log.path))
            #expect(failure.exitCode == BuildExitCode.backupFailed && failure.message.contains("102"))
            #expect(failure.hint?.contains(log.path) == true)
            let text = try String(contentsOfFile: log.path, encoding: .utf8)
            #expect(text.contains("ERROR: Backup of VM 102 failed - rsync: write failed: Input/output error"))
            #expect(text.contains("INFO: starting new backup job"), "the whole task log, not its tail only")
            #expect(BackupReport(result: result, log: log.path).containers[1].volid == nil)
        }
    }

    @Test("refusals before any write: a full storage (214), a named storage that takes no backups, none at all, several, an unknown id, a bad --keep-last (64/234)")
    func refusalsBeforeAnyWrite() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try threeContainers(pve)
            let client = try pve.passwordClient()
            try pve.setContainerDisk(101, bytes: 3 << 30)
            try pve.setStorage("local", "avail", 2 << 30)
            func refusal(_ options: BackupOptions, _ selection: BackupSelection) async throws -> BuildError {
                try await #require(throws: BuildError.self) { _ = try await ContainerBackup(client: client, options: options).plan(selection) }
            }
            let full = try await refusal(BackupOptions(), .ids([101]))
            #expect(full.exitCode == BuildExitCode.notEnoughSpace && full.message.contains("storage local") && full.message.contains("3.0 GiB"))

            let named = try await refusal(BackupOptions(storage: "local-lvm"), .ids([101]))
            #expect(named.exitCode == BuildExitCode.usage && named.message.contains("'local-lvm'") && named.message.contains("accepted: local"))
            #expect(try await refusal(BackupOptions(keepLast: 0), .ids([101])).exitCode == BuildExitCode.usage)
            #expect(try await refusal(BackupOptions(), .ids([999])).exitCode == BuildExitCode.containerNotFound)
            #expect(try await refusal(BackupOptions(), .built(ContainerList.Filter(tag: "nothing"))).exitCode == BuildExitCode.usage)

            _ = try await client.call(APIRequest(.post, "/storage", parameters: [
                APIParameter("storage", .string("nas")), APIParameter("type", .string("dir")), APIParameter("path", .string("/mnt/nas")),
                APIParameter("content", .string("backup")),
            ]))
            let several = try await refusal(BackupOptions(), .ids([101]))
            #expect(several.exitCode == BuildExitCode.usage && several.message.contains("local, nas"))

            try pve.setStorage("local", "content", "iso,vztmpl")
            try pve.setStorage("nas", "content", "iso")
            let none = try await refusal(BackupOptions(), .ids([101]))
            #expect(none.exitCode == BuildExitCode.usage && none.message.contains("no storage takes backups"))
            #expect(try pve.writes().filter { !$0.path.hasSuffix("/storage") }.isEmpty, "only the test's own storage was written")
        }
    }

    @Test("backups: container archives newest first, whether the container exists, foreign containers' archives only with --all")
    func listing() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try threeContainers(pve)
            try pve.call("add_ct", [300, "mine"], ["config": ["description": "my own box"]])
            let client = try pve.passwordClient()
            let backup = ContainerBackup(client: client, options: BackupOptions(isProtected: true))
            _ = await backup.execute(try await backup.plan(.ids([101, 201, 300])))
            _ = await backup.execute(try await backup.plan(.ids([101])))
            try await ContainerRemoval.stopAndDestroy(ctid: 201, node: "pve2", client: client, force: true)

            let listing = try await BackupListing.read(client: client)
            #expect(listing.archives.map(\.ctid).sorted() == [101, 101, 201] && listing.skipped == 1)
            #expect(listing.archives.first?.ctid == 101, "newest first")
            #expect(zip(listing.archives, listing.archives.dropFirst()).allSatisfy { ($0.archive.ctime ?? 0) >= ($1.archive.ctime ?? 0) })
            #expect(listing.archives.first { $0.ctid == 201 }?.containerExists == false)
            #expect(listing.archives.filter { $0.ctid == 101 }.allSatisfy { $0.containerExists && $0.archive.isProtected })
            #expect(try await BackupListing.read(client: client, all: true).archives.count == 4)
            #expect(try await BackupListing.read(client: client, ctid: 300).archives.map(\.ctid) == [300])
        }
    }
}
