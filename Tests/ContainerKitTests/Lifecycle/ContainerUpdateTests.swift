import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("lxc-build update in a real LXC container through the SSH node shell, API on fakepve", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct ContainerUpdateTests {
    @Test("success: snapshot taken, update_script run with build.func's functions, snapshot removed, version in the notes")
    func updateSucceeds() async throws {
        try await withUpdateSetup { container, pve, sshUpdate in
            let recording = RecordingNodeShell(passingTo: sshUpdate.shell)
            let update = ContainerUpdate(client: sshUpdate.client, shell: recording, options: sshUpdate.options)
            let plan = try await update.plan(ctid: container.ctid)
            #expect(plan.app == "demo" && plan.appSource == "the notes lxc-build wrote" && plan.snapshotName == updateSnapshot)
            #expect(plan.containerOS == "debian 13" && plan.declaredOS == "debian 13" && plan.warnings.isEmpty)
            #expect(try pve.writes().isEmpty, "planning only reads")
            let result = try await update.execute(plan)
            #expect(!result.snapshotKept && result.version == "2.0.0" && result.warnings.isEmpty)
            #expect(result.output.contains("OK: Updated Demo") && !result.output.contains("Completed successfully"))
            #expect(try container.attach("cat /opt/demo/state") == "updated\n")
            #expect(try containerWrites(pve, container.ctid) == [
                "POST /snapshot", "DELETE /snapshot/\(updateSnapshot)", "PUT /config",
            ])
            let handle = try pve.passwordClient().node("pve1").container(container.ctid)
            #expect(try await handle.snapshotNames().isEmpty)
            let notes = try await handle.config().options.description ?? ""
            #expect(BuiltContainerNotes(description: notes, tags: [])?.version == "2.0.0")
            // The update script's output is a log: past the output limit it runs on with its start and end kept.
            let scripts = recording.commands.filter { $0.arguments.suffix(3).first == "bash" }
            #expect(scripts.count == 1 && scripts.allSatisfy { $0.longOutput == .keepStartAndEnd }, "\(scripts.map(\.arguments))")
        }
    }

    @Test("the container's proxy profile (var_http_proxy at create) is read before the update script: its downloads use the proxy")
    func updateUsesContainerProxy() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach(#"mkdir -p /etc/profile.d && printf "export https_proxy='http://10.9.8.7:3128'\n" > /etc/profile.d/90-http-proxy.sh"#)
            _ = try await update.execute(try await update.plan(ctid: container.ctid))
            #expect(try container.attach("cat /opt/demo/proxy") == "http://10.9.8.7:3128\n")
        }
    }

    @Test("--keep-snapshot: the snapshot stays after success")
    func keepsSnapshot() async throws {
        try await withUpdateSetup { container, pve, update in
            let keeping = update.with { $0.keepSnapshot = true }
            let result = try await keeping.execute(try await keeping.plan(ctid: container.ctid))
            #expect(result.snapshotKept)
            #expect(try await pve.passwordClient().node("pve1").container(container.ctid).snapshotNames() == [updateSnapshot])
        }
    }

    @Test("failure: rolled back to the snapshot and started again, exit 82, the combined log kept")
    func updateFailsAndRollsBack() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("touch /opt/demo/fail")
            let plan = try await update.plan(ctid: container.ctid)
            do {
                _ = try await update.execute(plan)
                Issue.record("the update should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.updateRolledBack)
                #expect(error.message.contains("exit code 250") && error.message.contains("rolled back to snapshot \(updateSnapshot)"))
                let path = try #require(error.hint?.firstMatch(of: #/Full log: (\S+)/#).map { String($0.1) })
                let log = try String(contentsOfFile: path, encoding: .utf8)
                #expect(log.contains("E: download of demo 2.0.0 failed") && log.contains("INFO: Updating Demo (demo)"))
                #expect(log.contains("rolled back to \(updateSnapshot)"))
            }
            #expect(try containerWrites(pve, container.ctid) == [
                "POST /snapshot", "POST /snapshot/\(updateSnapshot)/rollback", "DELETE /snapshot/\(updateSnapshot)",
            ])
            let rollback = try pve.recordedParameters("POST", pathSuffix: "/snapshot/\(updateSnapshot)/rollback")
            #expect(rollback.first?["start"] == "1")
            let status = try await pve.passwordClient().node("pve1").container(container.ctid).status()
            #expect(status.isRunning, "started again after the rollback")
        }
    }

    @Test("a failed update that prints an app's secret: its log shows ******** there (the redactor every log uses)")
    func updateLogMasksSecrets() async throws {
        try await withUpdateSetup { container, pve, update in
            let token = "Update-Tok-\(UUID().uuidString.prefix(8))"
            let script = try #require(update.options.catalogDirectory) + "/ct/demo.sh"
            let failing = #"echo "E: download of demo 2.0.0 failed" >&2"#
            let original = try String(contentsOfFile: script, encoding: .utf8)
            #expect(original.contains(failing))
            try original.replacingOccurrences(of: failing, with: failing + "; cat /opt/demo/fail >&2")
                .write(toFile: script, atomically: true, encoding: .utf8)
            try container.attach("printf 'runner token: %s\\n' '\(token)' > /opt/demo/fail")
            let masking = update.with { $0.redactor = Redactor(environment: ["var_forgejo_runner_token": token]) }
            do {
                _ = try await masking.execute(try await masking.plan(ctid: container.ctid))
                Issue.record("the update should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.updateRolledBack)
                #expect(!"\(error) \(error.hint ?? "")".contains(token))
                let path = try #require(error.hint?.firstMatch(of: #/Full log: (\S+)/#).map { String($0.1) })
                let log = try String(contentsOfFile: path, encoding: .utf8)
                #expect(log.contains("runner token: ********") && !log.contains(token), "\(log)")
            }
        }
    }

    @Test("build.func's resource guard refuses unattended: its code 113, the container rolled back")
    func resourceGuard() async throws {
        try await withUpdateSetup(cpu: "100000") { container, pve, update in
            do {
                _ = try await update.execute(try await update.plan(ctid: container.ctid))
                Issue.record("the guard should have refused")
            } catch let error as BuildError {
                #expect(error.exitCode == 113 && error.message.contains("Under-provisioned") && error.message.contains("rolled back"))
            }
            #expect(try containerWrites(pve, container.ctid).filter { $0.hasSuffix("/rollback") }.count == 1)
        }
    }

    @Test("an update cancelled while it runs (Ctrl-C in the CLI) is rolled back all the same")
    func cancelledUpdateRollsBack() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("touch /opt/demo/slow")
            let plan = try await update.plan(ctid: container.ctid)
            let work = Task { () -> BuildError? in
                do { _ = try await update.execute(plan); return nil } catch let error as BuildError { return error } catch { return nil }
            }
            var started = false
            for _ in 0..<200 where !started {
                try await Task.sleep(for: .milliseconds(100))
                started = (try? container.attach("test -f /opt/demo/started && echo yes")) == "yes\n"
            }
            #expect(started)
            work.cancel()
            let error = await work.value
            #expect(error?.exitCode == BuildExitCode.updateRolledBack && error?.message.contains("exit code 130") == true)
            #expect(try containerWrites(pve, container.ctid) == [
                "POST /snapshot", "POST /snapshot/\(updateSnapshot)/rollback", "DELETE /snapshot/\(updateSnapshot)",
            ])
        }
    }

    @Test("a storage that cannot snapshot with --backup: vzdump first, and a failed update restores it over the container (82), notes kept")
    func backupInsteadOfSnapshot() async throws {
        try await withUpdateSetup(rootfs: "local:CTID/vm-CTID-disk-0.raw,size=8G") { container, pve, update in
            try pve.setStorageContent("local", "iso,vztmpl,backup,rootdir")
            try container.attach("touch /opt/demo/fail")
            let backingUp = update.with { $0.protection = .backup(storage: "local") }
            let plan = try await backingUp.plan(ctid: container.ctid)
            #expect(plan.snapshotName == nil && plan.backupStorage == "local")
            #expect(plan.steps.contains { $0.contains("if it fails: restore that backup") })
            var archive = ""
            do {
                _ = try await backingUp.execute(plan)
                Issue.record("the update should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.updateRolledBack, "\(error.message)")
                let found = error.message.firstMatch(of: #/restored from its backup (local:backup/vzdump-lxc-\d+-[0-9_\-]+\.tar\.zst)/#)
                archive = try #require(found.map { String($0.1) }, "\(error.message)")
                #expect(error.message.contains("started again"))
            }
            let vzdump = try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/vzdump")
            #expect(vzdump.count == 1 && vzdump.first?["vmid"] == String(container.ctid) && vzdump.first?["storage"] == "local")
            let restore = try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc")
            #expect(restore.count == 1 && restore.first?["ostemplate"] == archive && restore.first?["restore"] == "1"
                && restore.first?["force"] == "1" && restore.first?["vmid"] == String(container.ctid) && restore.first?["storage"] == "local")
            let order = try pve.writes().map { "\($0.method) \($0.path)" }.filter { !$0.contains("/ticket") }
            #expect(order == [
                "POST /api2/json/nodes/pve1/vzdump", "POST /api2/json/nodes/pve1/lxc/\(container.ctid)/status/stop",
                "POST /api2/json/nodes/pve1/lxc", "PUT /api2/json/nodes/pve1/lxc/\(container.ctid)/config",
                "POST /api2/json/nodes/pve1/lxc/\(container.ctid)/status/start",
            ], "no snapshot: backup, stop, restore over it, notes, start")
            let handle = try pve.passwordClient().node("pve1").container(container.ctid)
            #expect(try await handle.status().isRunning)
            let notes = try await handle.config().options.description ?? ""
            #expect(BuiltContainerNotes(description: notes, tags: [])?.app == "demo" && notes.contains("- Restored from: \(archive)"))
        }
    }

    @Test("--backup and a failed update whose restore fails too: exit 83, the archive named and kept")
    func backupRestoreFails() async throws {
        try await withUpdateSetup(rootfs: "local:CTID/vm-CTID-disk-0.raw,size=8G") { container, pve, update in
            try container.attach("touch /opt/demo/fail")
            // local holds no container volumes here: PVE refuses the restore before its task.
            let backingUp = update.with { $0.protection = .backup(storage: "local") }
            do {
                _ = try await backingUp.execute(try await backingUp.plan(ctid: container.ctid))
                Issue.record("the update should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.updateRollbackFailed, "\(error.message)")
                #expect(error.message.contains("the restore from its backup local:backup/vzdump-lxc-\(container.ctid)-"))
                #expect(error.message.contains("the archive is kept") && error.hint?.contains("pct restore \(container.ctid) local:backup/") == true)
            }
            let archives = try await RestorableArchive.list(client: try pve.passwordClient(), vmid: container.ctid)
            #expect(archives.count == 1)
        }
    }

    @Test("failure and a failed rollback: exit 83, the snapshot kept and named")
    func rollbackFails() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("touch /opt/demo/fail")
            try pve.call("fail", ["POST", "/rollback", 500, "rollback failed: volume is busy"])
            do {
                _ = try await update.execute(try await update.plan(ctid: container.ctid))
                Issue.record("the update should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.updateRollbackFailed)
                #expect(error.message.contains("snapshot \(updateSnapshot)") && error.message.contains("the snapshot is kept"))
                #expect(error.hint?.contains("pct rollback \(container.ctid) \(updateSnapshot)") == true)
            }
            #expect(try await pve.passwordClient().node("pve1").container(container.ctid).snapshotNames() == [updateSnapshot])
        }
    }

    @Test("OS guard: a container on another OS version is refused with 238 before any write; ignoring it goes on")
    func osMismatch() async throws {
        try await withUpdateSetup(osRelease: "ID=debian\nVERSION_ID=\"12\"\n") { container, pve, update in
            do {
                _ = try await update.plan(ctid: container.ctid)
                Issue.record("the plan should refuse")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.osMismatch)
                #expect(error.message.contains("runs debian 12") && error.message.contains("declares debian 13"))
                #expect(error.hint?.contains("--ignore-os-mismatch") == true)
            }
            #expect(try pve.writes().isEmpty)
            let plan = try await update.with { $0.ignoreOSMismatch = true }.plan(ctid: container.ctid)
            #expect(plan.warnings.contains { $0.contains("runs debian 12") && $0.contains("going on") })
            try container.attach("mkdir -p /usr/local/community-scripts && echo 'debian 12' > /usr/local/community-scripts/ignore-os-mismatch")
            #expect(try await update.plan(ctid: container.ctid).snapshotName == updateSnapshot, "build.func's don't-ask-again file")
        }
    }
}

@Suite("lxc-build update: planning on fakepve")
struct ContainerUpdatePlanTests {
    @Test("a storage that cannot snapshot is refused (64) naming --backup and --no-snapshot; no node shell is 64; nothing is written")
    func storageCannotSnapshot() async throws {
        let catalog = try makeUpdateCatalog()
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": lxcBuildNotes(app: "demo"), "rootfs": "local:150/vm-150-disk-0.raw,size=8G"]])
            var options = ContainerUpdate.Options()
            options.catalogDirectory = catalog
            // The refusal comes before the node shell is used: a shell that runs nothing will do.
            let update = ContainerUpdate(client: try pve.passwordClient(), shell: LocalNodeShell(configLayout: .plainLXC), options: options)
            do {
                _ = try await update.plan(ctid: 150)
                Issue.record("the plan should refuse")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.usage)
                #expect(error.message.contains("rootfs on local (dir)") && error.hint?.contains("--backup STORAGE") == true)
            }
            #expect(try pve.writes().isEmpty)
            let shellless = ContainerUpdate(client: try pve.passwordClient(), shell: nil, options: options)
            await #expect(throws: BuildError(exitCode: BuildExitCode.usage, message: "update runs the app's update inside container 150 and --node-shell is none",
                                             hint: "Run lxc-build on the node, or give --node-shell ssh://root@NODE.")) {
                _ = try await shellless.plan(ctid: 150)
            }
        }
    }

    @Test("the app: --app over the notes; a missing or unsafe app name in the notes is 64")
    func appAndShell() throws {
        let notes = BuiltContainerNotes(description: lxcBuildNotes(app: "demo"), tags: [])
        let given = try ContainerUpdate.app(given: "Other", notes: notes, ctid: 100)
        #expect(given.0 == "other" && given.1 == "--app")
        #expect(try ContainerUpdate.app(given: nil, notes: notes, ctid: 100).0 == "demo")
        #expect(throws: BuildError.self) { try ContainerUpdate.app(given: nil, notes: nil, ctid: 100) }
        let hostile = BuiltContainerNotes(description: lxcBuildNotes(app: "demo;rm -rf /"), tags: [])
        #expect(throws: BuildError.self) { try ContainerUpdate.app(given: nil, notes: hostile, ctid: 100) }
    }

    @Test("the ct script's build.func line reads the catalog's build.func from stdin")
    func scriptRewrite() {
        let script = "#!/usr/bin/env bash\nsource <(curl -fsSL https://example.org/misc/build.func)\nAPP=x\nstart\n"
        let rewritten = ContainerUpdate.updateScript(script)
        let prelude = ContainerUpdate.proxyProfilePrelude
        #expect(rewritten == "#!/usr/bin/env bash\n\(prelude)\nsource /dev/stdin\nAPP=x\nstart\n")
        #expect(ContainerUpdate.updateScript("APP=x\n").hasPrefix("\(prelude)\nsource /dev/stdin\nAPP=x"))
    }
}
