import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("backup and restore rules the commands used to hold, at the library level")
struct BackupRulesTests {
    @Test("backup options from the command line's words: mode and compression by name, --keep-last, each refusal 64 naming the value")
    func optionsFromWords() throws {
        let options = try BackupOptions(storage: "nas", modeName: "stop", compressionName: "none", notes: nil, isProtected: true, keepLast: 3)
        #expect(options == BackupOptions(storage: "nas", mode: .stop, compression: VzdumpRequest.Compression.none, isProtected: true, keepLast: 3))
        func refusal(_ mode: String, _ compression: String, keepLast: Int? = nil) -> BuildError? {
            #expect(throws: BuildError.self) {
                try BackupOptions(storage: nil, modeName: mode, compressionName: compression, notes: nil, isProtected: false, keepLast: keepLast)
            }
        }
        let mode = refusal("fast", "zstd")
        #expect(mode?.exitCode == BuildExitCode.usage && mode?.message == "--mode 'fast': not a backup mode; accepted: snapshot, suspend, stop")
        let compression = refusal("snapshot", "xz")
        #expect(compression?.exitCode == BuildExitCode.usage && compression?.message == "--compress 'xz': accepted: zstd, gzip, lzo, none")
        #expect(refusal("snapshot", "zstd", keepLast: 0)?.message.hasPrefix("--keep-last 0:") == true)
    }

    @Test("a backup's selection names its containers one way: ids, --all, --tag or --stack")
    func selectionOneWay() throws {
        try ContainerSelection(ids: [101, 102]).validateForBackup()
        try ContainerSelection(tag: "web").validateForBackup()
        for selection in [ContainerSelection(), ContainerSelection(ids: [101], all: true), ContainerSelection(tag: "web", stackFile: "stack.yml")] {
            let error = #expect(throws: BuildError.self) { try selection.validateForBackup() }
            #expect(error?.exitCode == BuildExitCode.usage && error?.message == "give container IDs, --all, --tag TAG or --stack FILE (one of them)")
        }
    }

    @Test("restore's source from ARCHIVE|CTID and --latest, and the options' checks, each refusal 64")
    func restoreSourceAndOptions() throws {
        #expect(try ContainerRestore.Source(argument: "160", latest: true) == .latest(ctid: 160))
        let volid = "local:backup/vzdump-lxc-160-2026_12_01-10_35_00.tar.zst"
        #expect(try ContainerRestore.Source(argument: volid, latest: false) == .archive(volid))
        try ContainerRestore.Source.archive(volid).validate()
        let notID = #expect(throws: BuildError.self) { try ContainerRestore.Source(argument: "web", latest: true) }
        #expect(notID?.exitCode == BuildExitCode.usage && notID?.message == "--latest takes a container id, not 'web'")
        let bare = #expect(throws: BuildError.self) { try ContainerRestore.Source(argument: "160", latest: false) }
        #expect(bare?.exitCode == BuildExitCode.usage && bare?.message.contains("add --latest") == true)
        let malformed = #expect(throws: BuildError.self) { try ContainerRestore.Source.archive("local:vztmpl/debian.tar.zst").validate() }
        #expect(malformed?.exitCode == BuildExitCode.usage && malformed?.message.contains("is not a container backup's volume id") == true)

        var options = ContainerRestore.Options()
        try options.validate()
        options.ctid = 5
        #expect((#expect(throws: BuildError.self) { try options.validate() })?.message.hasPrefix("--ctid 5: container ids are 100 to") == true)
        options.ctid = 150
        options.replace = 160
        let different = #expect(throws: BuildError.self) { try options.validate() }
        #expect(different?.exitCode == BuildExitCode.usage && different?.message == "--replace 160 and --ctid 150 name different containers")
    }

    @Test("a backup run's log: kept with the run's exit when a backup failed (its path in the error and the report), removed when none did")
    func settleRunLog() throws {
        let folder = try temporaryFolder()
        let plan = BackupPlan(storage: "local", options: BackupOptions(), actions: [])
        let target = BackupTarget(ctid: 101, node: "pve1")
        let ok = BackupOutcome(target: target, storage: "local", volid: "local:backup/vzdump-lxc-101-x.tar.zst", size: 1, seconds: 1, pruned: [],
                               error: nil, warnings: [])
        var failed = ok
        failed.volid = nil
        failed.error = BuildError(exitCode: BuildExitCode.backupFailed, message: "backing up container 101 to storage local failed: disk full")

        let good = try ContainerBackup.runLog(environment: ["LXC_BUILD_LOG_DIR": folder])
        let success = BackupResult(plan: plan, outcomes: [ok], performed: [])
        #expect(success.settle(good) == nil)
        #expect(!FileManager.default.fileExists(atPath: good.path), "removed when every backup succeeded")
        #expect(BackupReport(result: success, settled: good).log == nil)

        let bad = try ContainerBackup.runLog(environment: ["LXC_BUILD_LOG_DIR": folder])
        let failure = BackupResult(plan: plan, outcomes: [ok, failed], performed: [])
        let error = try #require(failure.settle(bad))
        #expect(error.exitCode == BuildExitCode.backupFailed && error.hint?.contains(bad.path) == true)
        let text = try String(contentsOfFile: bad.path, encoding: .utf8)
        #expect(text.contains("exit 87") && text.contains("disk full"))
        #expect(BackupReport(result: failure, settled: bad).log == bad.path)
    }

    @Test("restore over a container backs it up first through ContainerBackup: planned with the restore, notes naming it, its storage's room checked (214 before any write)")
    func restoreBackupFirstIsABackup() async throws {
        try await withFakePVE { pve in
            let (archive, restore) = try ContainerRestoreTests.ownedContainer(pve, notes: lxcBuildNotes(app: "demo"))
            let plan = try await restore.plan(.archive(archive))
            let backup = try #require(plan.backup)
            let target = BackupTarget(ctid: 150, node: "pve1")
            guard case .backUp(target, let request, _, _) = try #require(backup.actions.first) else {
                Issue.record("the first action backs 150 up: \(backup.actions)")
                return
            }
            #expect(backup.actions.count == 1 && backup.storage == "local")
            #expect(request.notes == "{{guestname}} (before lxc-build restore)" && request.mode == .snapshot && request.compression == .zstd)

            let result = try await restore.execute(plan)
            let vzdump = try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/vzdump")
            #expect(vzdump.count == 1 && vzdump.first?["vmid"] == "150" && vzdump.first?["notes-template"] == "{{guestname}} (before lxc-build restore)")
            let written = try await pve.passwordClient().node("pve1").backupArchives(on: "local", vmid: 150)
            #expect(written.first { $0.volid == result.backupVolid }?.notes == "web (before lxc-build restore)")
        }
        try await withFakePVE { pve in
            let (archive, restore) = try ContainerRestoreTests.ownedContainer(pve, notes: lxcBuildNotes(app: "demo"))
            try pve.setContainerDisk(150, bytes: 3 << 30)
            try pve.setStorage("local", "avail", 2 << 30)
            let full = await #expect(throws: BuildError.self) { try await restore.plan(.archive(archive)) }
            #expect(full?.exitCode == BuildExitCode.notEnoughSpace && full?.message.contains("storage local") == true, "\(full?.message ?? "")")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("restore over a container whose backup first fails: 88, the vzdump's error named, the container not stopped nor changed")
    func restoreBackupFirstFails() async throws {
        try await withFakePVE { pve in
            let (archive, restore) = try ContainerRestoreTests.ownedContainer(pve, notes: lxcBuildNotes(app: "demo"))
            try pve.serveVzdump(fail: "rsync: write failed: No space left on device", vmid: 150)
            let plan = try await restore.plan(.archive(archive))
            let error = await #expect(throws: BuildError.self) { try await restore.execute(plan) }
            #expect(error?.exitCode == BuildExitCode.restoreFailed, "\(error?.message ?? "")")
            #expect(error?.message.contains("backing up container 150 to storage local before restoring over it failed (") == true)
            #expect(error?.message.hasSuffix("container 150 was not changed") == true, "\(error?.message ?? "")")
            #expect(try ContainerRestoreTests.writes(pve) == ["POST /nodes/pve1/vzdump"], "nothing after the failed backup")
            #expect(try await pve.passwordClient().node("pve1").container(150).status().isRunning)
        }
    }

    @Test("update --backup backs up through ContainerBackup: a storage without room for the container's used disk is 214 before the vzdump; the update does not run")
    func updateBackupFirstChecksRoom() async throws {
        try await withUpdateSetup(rootfs: "local:CTID/vm-CTID-disk-0.raw,size=8G") { container, pve, update in
            try pve.setStorageContent("local", "iso,vztmpl,backup,rootdir")
            try pve.setContainerDisk(container.ctid, bytes: 3 << 30)
            try pve.setStorage("local", "avail", 2 << 30)
            let backingUp = update.with { $0.protection = .backup(storage: "local") }
            let plan = try await backingUp.plan(ctid: container.ctid)
            let refused = await #expect(throws: BuildError.self) { try await backingUp.execute(plan) }
            #expect(refused?.exitCode == BuildExitCode.notEnoughSpace && refused?.message.contains("storage local") == true, "\(refused?.message ?? "")")
            #expect(try pve.recordedParameters("POST", pathSuffix: "/vzdump").isEmpty, "no vzdump")
            #expect(try await pve.passwordClient().node("pve1").container(container.ctid).status().isRunning)
        }
    }
}
