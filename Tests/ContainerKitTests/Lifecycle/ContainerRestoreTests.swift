import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("lxc-build restore: a container from a vzdump archive, on fakepve")
struct ContainerRestoreTests {
    /// The writes fakepve saw, as `METHOD path` after `/api2/json`.
    static func writes(_ pve: FakePVE) throws -> [String] {
        try pve.writes().map { "\($0.method) " + $0.path.replacingOccurrences(of: "/api2/json", with: "") }
    }

    /// Running container 150 with lxc-build's `notes` on local-lvm, an archive of it on local, vzdump writing
    /// archives, and a `--force` restore.
    static func ownedContainer(_ pve: FakePVE, notes: String) throws -> (archive: String, restore: ContainerRestore) {
        try pve.call("add_ct", [150, "web"], ["status": "running", "config": [
            "description": notes, "rootfs": "local-lvm:vm-150-disk-0,size=8G"]])
        let archive = try pve.storeBackup(vmid: 150, date: "2026_11_01-08_00_00")
        var options = ContainerRestore.Options()
        options.force = true
        return (archive, ContainerRestore(client: try pve.passwordClient(), options: options))
    }

    @Test("under a new id: the next free id, the only container storage, restore=1 without force, notes get the Restored from line, started")
    func restoreUnderNewID() async throws {
        try await withFakePVE { pve in
            let archive = try pve.storeBackup(vmid: 101, date: "2026_12_01-10_35_00")
            let client = try pve.passwordClient()
            var options = ContainerRestore.Options()
            options.unique = true
            options.start = true
            let restore = ContainerRestore(client: client, options: options)
            let plan = try await restore.plan(.archive(archive))
            #expect(plan.replaced == nil && plan.backupStorage == nil && plan.node == "pve1" && plan.storage == "local-lvm")
            #expect(plan.archive.vmid == 101 && plan.ctid == 100, "the next free id: \(plan.ctid)")
            #expect(plan.steps.first?.contains("restore \(archive) as new container 100") == true)
            #expect(try pve.writes().isEmpty, "planning only reads")

            let result = try await restore.execute(plan)
            #expect(result.started && result.backupVolid == nil && result.warnings.isEmpty)
            let post = try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc")
            #expect(post.count == 1)
            #expect(post.first?["ostemplate"] == archive && post.first?["restore"] == "1" && post.first?["force"] == nil)
            #expect(post.first?["unique"] == "1" && post.first?["storage"] == "local-lvm" && post.first?["vmid"] == "100")
            let handle = client.node("pve1").container(100)
            #expect(try await handle.config().options.description == "- Restored from: \(archive)")
            #expect(try await handle.status().isRunning)
            let report = RestoreReport(result: result)
            #expect(report.ctid == 100 && report.archive == archive && report.replaced == nil && report.started)
        }
    }

    @Test("over a container lxc-build built (--force): its backup first, stopped, restored over it, its notes kept with the Restored from line")
    func restoreOverOwned() async throws {
        try await withFakePVE { pve in
            let before = lxcBuildNotes(app: "demo")
            let (archive, restore) = try Self.ownedContainer(pve, notes: before)
            let plan = try await restore.plan(.latest(ctid: 150))
            #expect(plan.ctid == 150 && plan.archive.volid == archive && plan.backupStorage == "local")
            #expect(plan.replaced == ReplacedContainer(ctid: 150, wasRunning: true, reason: "the lxc-build mark in its notes", notes: before))
            #expect(plan.storage == "local-lvm" && plan.storageReason == "the storage of the replaced container's root disk")
            #expect(try pve.writes().isEmpty, "planning only reads")

            let result = try await restore.execute(plan)
            let backup = try #require(result.backupVolid)
            #expect(backup != archive && backup.hasPrefix("local:backup/vzdump-lxc-150-"))
            #expect(try Self.writes(pve) == [
                "POST /nodes/pve1/vzdump", "POST /nodes/pve1/lxc/150/status/stop", "POST /nodes/pve1/lxc", "PUT /nodes/pve1/lxc/150/config",
            ], "the backup before the restore")
            let post = try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc")
            #expect(post.first?["ostemplate"] == archive && post.first?["force"] == "1" && post.first?["vmid"] == "150")
            let notes = try await pve.passwordClient().node("pve1").container(150).config().options.description ?? ""
            #expect(BuiltContainerNotes(description: notes, tags: [])?.app == "demo" && notes.contains("- Restored from: \(archive)"))
            let lines = notes.split(separator: "\n")
            #expect(lines.last.map { BuiltContainerNotes.isMarkLine(String($0)) } == true, "the mark stays last: \(notes)")
        }
    }

    @Test("refusals before any write: a foreign container (77, --replace names it), an id in use without --force (206), no archive (234), a malformed one (64)")
    func refusals() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [160, "mine"], ["config": ["description": "my own box"]])
            let archive = try pve.storeBackup(vmid: 160, date: "2026_12_01-10_35_00")
            let client = try pve.passwordClient()
            func refusal(_ source: ContainerRestore.Source, _ change: (inout ContainerRestore.Options) -> Void) async -> BuildError? {
                var options = ContainerRestore.Options()
                change(&options)
                do {
                    _ = try await ContainerRestore(client: client, options: options).plan(source)
                    return nil
                } catch {
                    return error
                }
            }
            let foreign = await refusal(.archive(archive)) { $0.force = true }
            #expect(foreign?.exitCode == BuildExitCode.permissionDenied && foreign?.hint?.contains("--replace 160") == true, "\(String(describing: foreign))")
            let inUse = await refusal(.archive(archive)) { $0.ctid = 160 }
            #expect(inUse?.exitCode == BuildExitCode.ctidInUse && inUse?.hint?.contains("--force") == true)
            let none = await refusal(.latest(ctid: 999)) { _ in }
            #expect(none?.exitCode == BuildExitCode.containerNotFound && none?.message.contains("container 999") == true)
            let missing = await refusal(.archive("local:backup/vzdump-lxc-160-2020_01_01-00_00_00.tar.zst")) { _ in }
            #expect(missing?.exitCode == BuildExitCode.containerNotFound)
            let malformed = await refusal(.archive("local:vztmpl/debian.tar.zst")) { _ in }
            #expect(malformed?.exitCode == BuildExitCode.usage)
            #expect(try pve.writes().isEmpty, "every refusal before any write")

            var named = ContainerRestore.Options()
            named.replace = 160
            named.backupFirst = false
            let plan = try await ContainerRestore(client: client, options: named).plan(.archive(archive))
            #expect(plan.replaced?.reason == "named by --replace" && plan.backupStorage == nil)
            #expect(plan.warnings.contains { $0.contains("--no-backup") })
        }
    }

    @Test("--latest picks the newest archive of that container, not another's")
    func latestPicksNewest() async throws {
        try await withFakePVE { pve in
            try pve.storeBackup(vmid: 170, date: "2026_11_01-08_00_00")
            let newest = try pve.storeBackup(vmid: 170, date: "2026_12_01-08_00_00")
            try pve.storeBackup(vmid: 170, date: "2026_10_01-08_00_00")
            try pve.storeBackup(vmid: 171, date: "2026_12_05-08_00_00")
            let plan = try await ContainerRestore(client: try pve.passwordClient()).plan(.latest(ctid: 170))
            #expect(plan.archive.volid == newest)
            let listed = try await RestorableArchive.list(client: try pve.passwordClient(), vmid: 170)
            #expect(listed.count == 3 && listed.first?.volid == newest)
        }
    }

    @Test("a restore that fails: exit 88, nothing left under the new id")
    func restoreFails() async throws {
        try await withFakePVE { pve in
            let archive = try pve.storeBackup(vmid: 101, date: "2026_12_01-10_35_00")
            let restore = ContainerRestore(client: try pve.passwordClient())
            let plan = try await restore.plan(.archive(archive))
            try pve.call("fail", ["POST", "/nodes/pve1/lxc", 500, "unable to restore CT 100 - archive is damaged"])
            do {
                _ = try await restore.execute(plan)
                Issue.record("the restore should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.restoreFailed && error.message.contains("archive is damaged"), "\(error.message)")
            }
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("a restore over a container that fails: exit 88 naming the backup taken first and how to bring it back")
    func restoreOverOwnedFails() async throws {
        try await withFakePVE { pve in
            let (archive, restore) = try Self.ownedContainer(pve, notes: lxcBuildNotes(app: "demo"))
            let plan = try await restore.plan(.archive(archive))
            try pve.call("fail", ["POST", "/nodes/pve1/lxc", 500, "unable to restore CT 150 - archive is damaged"])
            do {
                _ = try await restore.execute(plan)
                Issue.record("the restore should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.restoreFailed, "\(error.message)")
                let backup = try #require(error.message.firstMatch(of: #/its state before is in (local:backup/vzdump-lxc-150-\S+\.tar\.zst)/#)).1
                #expect(backup != archive)
                #expect(error.hint?.contains("lxc-build restore \(backup) --replace 150") == true, "\(error.hint ?? "")")
            }
        }
    }

    @Test("a token is checked before any write: a missing privilege is 77 naming it and its path; with them all the restore runs")
    func privileges() async throws {
        try await withFakePVE { pve in
            let archive = try pve.storeBackup(vmid: 101, date: "2026_12_01-10_35_00")
            let token = "ops@pve!restore"
            try pve.command(["op": "setitem", "attr": "apitokens", "key": token, "value": "token-secret-1"])
            let client = try pve.client(credentials: .apiToken(try APIToken(parsing: "\(token)=token-secret-1")))
            // fakepve's archives carry no owner, so only Datastore.Allocate may list them.
            try pve.call("grant", [token, "/storage", "Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.Audit"])
            try pve.call("grant", [token, "/", "Sys.Audit"])
            try pve.call("grant", [token, "/vms", "VM.Allocate", "VM.PowerMgmt", "VM.Audit", "VM.Backup"])
            var options = ContainerRestore.Options()
            options.start = true
            let restore = ContainerRestore(client: client, options: options)
            let failure = await #expect(throws: BuildError.self) { try await restore.plan(.archive(archive)) }
            #expect(failure?.exitCode == BuildExitCode.permissionDenied)
            #expect(failure?.message.contains("VM.Config.Options on /vms/100") == true, "\(failure?.message ?? "")")
            #expect(failure?.message.contains("VM.Allocate") == false, "only what is missing is named")
            #expect(try pve.writes().isEmpty)

            try pve.call("grant", [token, "/vms", "VM.Config.Options"])
            let result = try await restore.execute(try await restore.plan(.archive(archive)))
            #expect(result.started && result.warnings.isEmpty, "\(result.warnings)")
            #expect(try await pve.containerIDs() == [100])
        }
    }

    @Test("the archive's configuration says whether it holds a privileged container; restoring one needs Sys.Modify on /, as create does")
    func privilegedArchive() async throws {
        let unprivileged = "arch: amd64\nhostname: web\nrootfs: local-lvm:vm-150-disk-0,size=8G\nunprivileged: 1\n[snap]\nunprivileged: 0\n"
        #expect(ContainerRestore.unprivileged(inConfig: unprivileged) == true)
        #expect(ContainerRestore.unprivileged(inConfig: "arch: amd64\nhostname: web\n[snap]\nunprivileged: 1\n") == false)
        #expect(ContainerRestore.unprivileged(inConfig: "some text") == nil)
        try await withFakePVE { pve in
            let archive = try pve.storeBackup(vmid: 101, date: "2026_12_01-10_35_00")
            var plan = try await ContainerRestore(client: try pve.passwordClient()).plan(.archive(archive))
            #expect(!ContainerRestore.requiredPrivileges(plan).contains { $0.anyOf == ["Sys.Modify"] })
            plan.unprivileged = false
            #expect(ContainerRestore.requiredPrivileges(plan).first == RequiredPrivilege(
                path: "/", anyOf: ["Sys.Modify"], reason: "restoring a privileged container, as create needs for one"))
        }
    }

    @Test("a stopped run (its task cancelled) carries the PVE task it began to its end and stops before the next step: 130, what is left said")
    func stoppedRun() async throws {
        try await withFakePVE { pve in
            let (archive, restore) = try Self.ownedContainer(pve, notes: lxcBuildNotes(app: "demo"))
            let plan = try await restore.plan(.archive(archive))
            let outcome = await Task { () -> BuildError? in
                withUnsafeCurrentTask { $0?.cancel() }
                do throws(BuildError) {
                    _ = try await restore.execute(plan)
                    return nil
                } catch {
                    return error
                }
            }.value
            #expect(outcome?.exitCode == BuildExitCode.interrupted, "\(String(describing: outcome))")
            #expect(outcome?.message.contains("container 150 is unchanged; its backup is local:backup/vzdump-lxc-150-") == true,
                    "\(outcome?.message ?? "")")
            #expect(try Self.writes(pve) == ["POST /nodes/pve1/vzdump"], "the backup was carried through, nothing after it")
            #expect(try await pve.passwordClient().node("pve1").container(150).status().isRunning)
        }
    }
}
