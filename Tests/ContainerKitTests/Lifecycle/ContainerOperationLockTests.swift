import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// One lxc-build run at a time acts on a container: the lock itself (two holders in this process are two open
/// files, as two processes are; a holder in another process), and update, restore and destroy refusing a container
/// another run holds, before any write.
@Suite("One run per container: the operation lock, and update, restore and destroy meeting it", .serialized)
struct ContainerOperationLockTests {
    static let server = "https://[fd00::5]:8006"

    private func lockFolder() throws -> (ContainerOperationLock, String) {
        let parent = try temporaryFolder()
        return (ContainerOperationLock(directory: parent + "/locks"), parent)
    }

    @Test("a held lock refuses another holder and a plan's check with the holder named; the same id on another server, or another id, is free")
    func heldAndFree() async throws {
        let (lock, parent) = try lockFolder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let other = ContainerOperationLock(directory: lock.directory)
        try await lock.withLock(ctid: 150, server: Self.server, operation: "update") { () throws(BuildError) in
            let refusal = await #expect(throws: BuildError.self) {
                try await other.withLock(ctid: 150, server: Self.server, operation: "destroy") { () throws(BuildError) in }
            }
            #expect(refusal?.exitCode == BuildExitCode.general)
            #expect(refusal?.message.contains("container 150 is in the hands of another lxc-build run on this machine (update, process \(getpid()), since 20") == true,
                    "\(refusal?.message ?? "")")
            #expect(refusal?.message.hasSuffix("; nothing was done") == true && refusal?.hint?.contains("goes away with its process") == true)
            #expect(throws: BuildError.self) { try other.checkFree(ctid: 150, server: Self.server) }
            #expect(throws: Never.self) { try other.checkFree(ctid: 150, server: "pvesh on pve1") }
            #expect(throws: Never.self) { try other.checkFree(ctid: 151, server: Self.server) }
        }
        #expect(throws: Never.self) { try other.checkFree(ctid: 150, server: Self.server) }
        try await other.withLock(ctid: 150, server: Self.server, operation: "destroy") { () throws(BuildError) in }
        let path = lock.path(ctid: 150, server: Self.server)
        #expect(path == lock.directory + "/container-https____fd00__5__8006-150.lock", "\(path)")
        let attributes = try FileManager.default.attributesOfItem(atPath: lock.directory)
        #expect(attributes[.posixPermissions] as? Int == 0o700, "a private folder")
    }

    @Test("a body that throws lets the lock go")
    func releasedOnFailure() async throws {
        let (lock, parent) = try lockFolder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        await #expect(throws: BuildError.self) {
            try await lock.withLock(ctid: 150, server: Self.server, operation: "update") { () throws(BuildError) in
                throw BuildError(exitCode: .general, message: "the update failed")
            }
        }
        #expect(throws: Never.self) { try lock.checkFree(ctid: 150, server: Self.server) }
    }

    @Test("held by another process: refused, the lock file named; free once that process is gone")
    func anotherProcess() async throws {
        let (lock, parent) = try lockFolder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try await lock.withLock(ctid: 150, server: Self.server, operation: "update") { () throws(BuildError) in }  // makes folder and file
        let file = lock.path(ctid: 150, server: Self.server)
        let holder = try await LockHolder(file: file, folder: parent)
        let refusal = #expect(throws: BuildError.self) { try lock.checkFree(ctid: 150, server: Self.server) }
        #expect(refusal?.message.contains("(its lock \(file))") == true, "\(refusal?.message ?? "")")
        try await holder.release()
        #expect(throws: Never.self) { try lock.checkFree(ctid: 150, server: Self.server) }
    }

    @Test("update plan, fleet plan, destroy plan and restore --force plan of a container another run holds: refused (1) before any request")
    func refusedWhileHeld() async throws {
        let (lock, parent) = try lockFolder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try await withUpdateOfPVE1Container(shell: RecordingNodeShell()) { pve, update async throws in
            let held = update.with { $0.operationLock = lock }
            let server = held.client.transport.server
            let archive = try pve.storeBackup(vmid: 150, date: "2026_11_01-08_00_00")
            #expect(server.hasPrefix("https://127.0.0.1:"), "\(server)")
            try await lock.withLock(ctid: 150, server: server, operation: "update") { () throws(BuildError) in
                let before = (try? pve.requests().count) ?? -1
                let refusal = await #expect(throws: BuildError.self) { _ = try await held.plan(ctid: 150) }
                #expect(refusal?.exitCode == BuildExitCode.general && refusal?.message.contains("container 150 is in the hands of another") == true,
                        "\(refusal?.message ?? "")")
                #expect((try? pve.requests().count) == before, "refused before any request")

                var fleetOptions = FleetUpdate.Options(update: held.options)
                fleetOptions.planningConcurrency = 1
                let fleet = FleetUpdate(client: held.client, shell: held.shell, options: fleetOptions)
                let plan = await fleet.plan([FleetSelection.Target(ctid: 150, node: "pve1", status: "running")])
                #expect(plan.entries.first?.refusal?.message.contains("in the hands of another lxc-build run") == true, "\(plan.entries)")

                let destruction = ContainerDestruction(client: held.client, options: DestroyOptions(backUp: false, operationLock: lock))
                await #expect(throws: BuildError.self) { _ = try await destruction.plan(ctid: 150, node: nil) }

                var restoreOptions = ContainerRestore.Options()
                restoreOptions.force = true
                restoreOptions.ctid = 150
                restoreOptions.operationLock = lock
                let restore = ContainerRestore(client: held.client, options: restoreOptions)
                let overIt = await #expect(throws: BuildError.self) { _ = try await restore.plan(.archive(archive)) }
                #expect(overIt?.message.contains("container 150 is in the hands of another") == true, "\(overIt?.message ?? "")")
            }
            // A restore planned while free, carried out while another run holds the lock: refused before its backup.
            let restorePlan = try await ContainerRestore(client: held.client, options: {
                var options = ContainerRestore.Options()
                options.force = true
                options.ctid = 150
                options.backupFirst = false
                options.operationLock = lock
                return options
            }()).plan(.archive(archive))
            try await lock.withLock(ctid: 150, server: server, operation: "update") { () throws(BuildError) in
                var options = ContainerRestore.Options()
                options.operationLock = lock
                let refusal = await #expect(throws: BuildError.self) { _ = try await ContainerRestore(client: held.client, options: options).execute(restorePlan) }
                #expect(refusal?.exitCode == BuildExitCode.general, "\(String(describing: refusal))")
            }
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("a destroy planned before another run took the lock: at removal the container is kept, its failure says why")
    func destroyMeetsTheLock() async throws {
        let (lock, parent) = try lockFolder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "stopped", "config": ["description": lxcBuildNotes(app: "demo")]])
            let client = try pve.passwordClient()
            let destruction = ContainerDestruction(client: client, options: DestroyOptions(backUp: false, operationLock: lock))
            let plan = try await destruction.plan(ctid: 150, node: nil)
            let result = try await lock.withLock(ctid: 150, server: client.transport.server, operation: "update") { () throws(BuildError) in
                await destruction.execute(plan)
            }
            #expect(result.removed.isEmpty, "\(result)")
            #expect(result.failures.first?.error.message.contains("container 150 is in the hands of another lxc-build run") == true, "\(result.failures)")
            #expect(try pve.writes().isEmpty, "nothing stopped or destroyed")
            let again = await destruction.execute(try await destruction.plan(ctid: 150, node: nil))
            #expect(again.removed.map(\.ctid) == [150] && again.failures.isEmpty, "free again: \(again.failures)")
        }
    }
}
