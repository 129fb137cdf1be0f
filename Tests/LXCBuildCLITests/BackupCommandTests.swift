import ContainerKit
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

@Suite("lxc-build backup, backups, and destroy that backs up first, on fakepve", .serialized)
struct BackupCommandTests {
    func environment(_ pve: FakePVE) throws -> [String: String] {
        CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
    }

    /// Built containers 101 and 102 on pve1 and 201 on pve2.
    func addContainers(_ pve: FakePVE) throws {
        for (vmid, name, node) in [(101, "web", "pve1"), (102, "db", "pve1"), (201, "far", "pve2")] {
            try pve.call("add_ct", [vmid, name], ["node": node, "status": "running", "config": [
                "description": "- Built by: lxc-build\n- App: demo\n", "tags": "community-script"]])
        }
    }

    @Test("backup --all --yes --json: one entry per container with its archive; backups lists them newest first")
    func backupAllAndList() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try addContainers(pve)
            let environment = try environment(pve)
            let run = try await CLITests.run(["backup", "--all", "--yes", "--json", "--notes", "weekly {{vmid}}"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let report = try JSONDecoder().decode(BackupReport.self, from: Data(run.output.utf8))
            #expect(report.containers.map(\.ctid) == [101, 102, 201] && report.containers.allSatisfy { $0.result == "ok" && $0.volid != nil })
            #expect(report.log == nil && run.errors.contains("back up container 201 (far) on pve2 to local:backup/vzdump-lxc-201-"))

            let listed = try await CLITests.run(["backups", "--json"], environment: environment)
            #expect(listed.status == 0, "\(listed.errors)")
            let archives = try JSONDecoder().decode(BackupsReport.self, from: Data(listed.output.utf8)).archives
            #expect(Set(archives.map(\.volid)) == Set(report.containers.compactMap(\.volid)))
            #expect(archives.allSatisfy { $0.containerExists && !$0.protected && $0.notes == "weekly \($0.ctid)" && $0.date?.hasSuffix("Z") == true })
            let text = try await CLITests.run(["backups", "102"], environment: environment)
            #expect(text.status == 0 && text.output.contains("vzdump-lxc-102-") && !text.output.contains("vzdump-lxc-101-"), "\(text.output)")
        }
    }

    @Test("backup --stack FILE backs up the stack's proved containers; --tag the built containers with the tag; --keep-last 1 prunes")
    func stackAndTag() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try StackCommandTests.setUp(pve)
            let applied = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(applied.status == 0, "\(applied.errors)")
            let created = StackCommandTests.containers(applied).compactMap { $0["ctid"] as? Int }.sorted()
            try pve.call("add_ct", [300, "web1"], ["node": "pve2"])
            let stack = try await CLITests.run(["backup", "--stack", file, "--yes", "--json"], environment: environment)
            #expect(stack.status == 0, "\(stack.errors)")
            let backedUp = try JSONDecoder().decode(BackupReport.self, from: Data(stack.output.utf8)).containers
            #expect(backedUp.map(\.ctid) == created && created.count == 3, "the look-alike 300 is not the stack's")

            let tagged = try #require(created.first)
            let again = try await CLITests.run(["backup", "--tag", "community-script", "--keep-last", "1", "--yes", "--json"], environment: environment)
            #expect(again.status == 0, "\(again.errors)")
            let pruned = try JSONDecoder().decode(BackupReport.self, from: Data(again.output.utf8)).containers
            #expect(pruned.map(\.ctid) == created && pruned.allSatisfy { $0.pruned.count == 1 })
            let listed = try await CLITests.run(["backups", String(tagged), "--json"], environment: environment)
            #expect(try JSONDecoder().decode(BackupsReport.self, from: Data(listed.output.utf8)).archives.map(\.volid) == [pruned[0].volid])
        }
    }

    @Test("a failing backup ends with 87, names the kept log that holds the task's log; the others are made")
    func failingBackup() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try addContainers(pve)
            try pve.serveVzdump(fail: "unable to create temporary directory", vmid: 201)
            let run = try await CLITests.run(["backup", "101", "201", "--yes"], environment: try environment(pve))
            #expect(run.status == BuildExitCode.backupFailed, "\(run.errors)")
            #expect(run.output.contains("101") && run.output.contains("failed"), "\(run.output)")
            let path = try #require(run.errors.firstMatch(of: /kept in (\S+\.log)/)?.1)
            let log = try String(contentsOfFile: String(path), encoding: .utf8)
            #expect(log.contains("ERROR: Backup of VM 201 failed - unable to create temporary directory"))
        }
    }

    @Test("several backup storages: on a terminal the storage is asked about, without one it is refused (64) naming them")
    func storageAsked() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], [:])
            _ = try await pve.passwordClient().call(APIRequest(.post, "/storage", parameters: [
                APIParameter("storage", .string("nas")), APIParameter("type", .string("dir")), APIParameter("path", .string("/mnt/nas")),
                APIParameter("content", .string("backup")),
            ]))
            var environment = try environment(pve)
            let refused = try await CLITests.run(["backup", "101", "--yes"], environment: environment)
            #expect(refused.status == 64 && refused.errors.contains("local, nas") && refused.errors.contains("--storage"), "\(refused.errors)")
            environment["LXC_BUILD_PROMPTS"] = "plain"  // numbered prompts even where whiptail is installed
            let asked = try await PseudoTerminal().run([CLITests.executable, "backup", "101"], environment: environment,
                                                       steps: [.init("Choose [1-2]", ["2\r"]), .init("[y/N]", ["y\r"])])
            #expect(asked.failedStep == nil && asked.status == 0, "\(asked.transcript)")
            #expect(try await pve.passwordClient().node("pve1").backupArchives(on: "nas").map(\.vmid) == [101])
        }
    }

    @Test("SIGINT while a vzdump runs: PVE is asked to stop it, no archive is left, exit 130")
    func interrupted() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], [:])
            try pve.set("time_scale", 1)
            try pve.serveVzdump(seconds: 300)
            let run = try await CLITests.run(["backup", "101", "--yes"], environment: try environment(pve), after: "waiting for vzdump task", .signal(SIGINT))
            #expect(run.status == 130, "\(run.errors)")
            #expect(pve.received("DELETE", pathSuffix: ":vzdump:101:root@pam:") == 1, "the task was asked to stop")
            #expect(try await pve.passwordClient().node("pve1").backupArchives(on: "local").isEmpty)
        }
    }

    @Test("refusals before any write: no selection, two selections, a storage that takes no backups, --keep-last 0, a bad --mode")
    func refusals() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], [:])
            let environment = try environment(pve)
            for arguments in [["backup", "--yes"], ["backup", "101", "--all", "--yes"], ["backup", "101", "--storage", "local-lvm", "--yes"],
                              ["backup", "101", "--keep-last", "0", "--yes"], ["backup", "101", "--mode", "fast", "--yes"]] {
                let run = try await CLITests.run(arguments, environment: environment)
                #expect(run.status == 64, "\(arguments): \(run.errors)")
            }
            let named = try await CLITests.run(["backup", "101", "--storage", "local-lvm", "--yes"], environment: environment)
            #expect(named.errors.contains("accepted: local"), "\(named.errors)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("destroy backs up first and names the archive; --no-backup does not; a failed backup keeps the container (87)")
    func destroyWithAndWithoutBackup() async throws {
        try await withFakePVE { pve in
            for vmid in [120, 121, 122] { try pve.call("add_ct", [vmid, "ct\(vmid)"], ["status": "running"]) }
            let environment = try environment(pve)
            for arguments in [["destroy", "120", "--yes", "--backup-storage", "local-lvm"], ["destroy", "120", "--yes", "--no-backup", "--backup-storage", "local"]] {
                let refused = try await CLITests.run(arguments, environment: environment)
                #expect(refused.status == 64, "\(arguments): \(refused.errors)")
            }
            #expect(try pve.writes().isEmpty, "refused before any write")
            let backedUp = try await CLITests.run(["destroy", "120", "--yes", "--json"], environment: environment)
            #expect(backedUp.status == 0, "\(backedUp.errors)")
            let archive = try #require(backedUp.json["backup"] as? String)
            #expect(archive.hasPrefix("local:backup/vzdump-lxc-120-"))
            let text = try await CLITests.run(["destroy", "121", "--yes", "--no-backup"], environment: environment)
            #expect(text.status == 0 && text.output.contains("no backup taken"), "\(text.output)")
            #expect(try pve.requests().filter { $0.path.hasSuffix("/vzdump") }.count == 1)

            try pve.serveVzdump(fail: "no space left", vmid: 122)
            let failed = try await CLITests.run(["destroy", "122", "--yes"], environment: environment)
            #expect(failed.status == BuildExitCode.backupFailed && failed.errors.contains("container(s) 122 not removed"), "\(failed.errors)")
            #expect(try await pve.containerIDs() == [122])
            let listing = try await CLITests.run(["backups", "--json"], environment: environment)
            let archives = try JSONDecoder().decode(BackupsReport.self, from: Data(listing.output.utf8)).archives
            #expect(archives.map(\.volid) == [archive] && archives.first?.containerExists == false)
        }
    }
}
