import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The update's run carries out its plan's actions and nothing else: what it did (``UpdateResult/performed``, and
/// ``ContainerUpdate/Options/onAction`` also on the failure path) is the plan's actions for the path taken, and an
/// action taken out of the plan is not done.
@Suite("update: the run is the plan's actions", .serialized, .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdatePlanEqualsRunTests {
    /// The actions a run heard through ``ContainerUpdate/Options/onAction``.
    typealias Heard = Recorded<UpdateAction>

    /// `update` telling its actions to `heard`.
    static func hearing(_ update: ContainerUpdate, _ heard: Heard) -> ContainerUpdate {
        update.with { $0.onAction = { heard.record($0) } }
    }

    /// `plan` without the actions of `kinds`.
    static func without(_ kinds: Set<UpdateAction.Kind>, _ plan: UpdatePlan) -> UpdatePlan {
        var draft = UpdatePlan.Draft(plan)
        draft.actions.removeAll { kinds.contains($0.kind) }
        return UpdatePlan(draft)
    }

    @Test("success: performed is every action but the rollback's, in the plan's order, and the run heard the same")
    func successPerformsThePlan() async throws {
        try await withUpdateSetup { container, pve, update in
            let heard = Heard()
            let hearing = Self.hearing(update, heard)
            let plan = try await hearing.plan(ctid: container.ctid)
            #expect(plan.actions.map(\.kind) == [.snapshot, .update, .checkHealth, .rollBackOnFailure, .settleSnapshot, .recordVersion])
            let result = try await hearing.run(plan)
            #expect(result.performed == plan.actions.filter { !$0.isOnFailure })
            #expect(heard.all == result.performed)
        }
    }

    @Test("failure: the run did the protection, the update, the rollback and the snapshot's removal; not the health check or the version")
    func failurePerformsTheRollbackPath() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("touch /opt/demo/fail")
            let heard = Heard()
            let hearing = Self.hearing(update, heard)
            let plan = try await hearing.plan(ctid: container.ctid)
            let error = try await #require(throws: BuildError.self) { try await hearing.run(plan) }
            #expect(error.exitCode == BuildExitCode.updateRolledBack, "\(error)")
            #expect(heard.all == plan.actions.filter { [.snapshot, .update, .rollBackOnFailure, .settleSnapshot].contains($0.kind) })
            #expect(heard.all.map(\.kind) == [.snapshot, .update, .rollBackOnFailure, .settleSnapshot])
        }
    }

    @Test("a plan without its rollback does not roll back: the update's own code, the snapshot kept and named")
    func withoutRollback() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("touch /opt/demo/fail")
            let plan = Self.without([.rollBackOnFailure], try await update.plan(ctid: container.ctid))
            let error = try await #require(throws: BuildError.self) { try await update.run(plan) }
            #expect(error.exitCode.rawValue == 250, "the update's own code, not 82: \(error)")
            #expect(error.message.contains("snapshot \(updateSnapshot) is kept"), "\(error.message)")
            #expect(try containerWrites(pve, container.ctid) == ["POST /snapshot"], "no rollback and no removal")
            #expect(try await pve.passwordClient().node("pve1").container(container.ctid).snapshotNames() == [updateSnapshot])
        }
    }

    @Test("a plan without settling its snapshot removes nothing, after success or after a rollback")
    func withoutSettle() async throws {
        try await withUpdateSetup { container, pve, update in
            let plan = Self.without([.settleSnapshot], try await update.plan(ctid: container.ctid))
            let result = try await update.run(plan)
            #expect(result.snapshotKept && !result.performed.contains { $0.kind == .settleSnapshot })
            #expect(try containerWrites(pve, container.ctid) == ["POST /snapshot", "PUT /config"], "no DELETE of the snapshot")
            let client = try pve.passwordClient()
            _ = try await client.waitForTask(try await client.node("pve1").container(container.ctid).deleteSnapshot(updateSnapshot))
            let before = try containerWrites(pve, container.ctid).count
            try container.attach("touch /opt/demo/fail")
            let failing = Self.without([.settleSnapshot], try await update.plan(ctid: container.ctid))
            let error = try await #require(throws: BuildError.self) { try await update.run(failing) }
            #expect(error.exitCode == BuildExitCode.updateRolledBack && error.message.contains("(snapshot kept)"), "\(error.message)")
            #expect(try containerWrites(pve, container.ctid).dropFirst(before) == ["POST /snapshot", "POST /snapshot/\(updateSnapshot)/rollback"])
        }
    }

    @Test("a plan without its snapshot, its health check or its version record takes none, and performs none")
    func withoutSnapshotHealthAndVersion() async throws {
        try await withUpdateSetup { container, pve, update in
            let full = try await update.plan(ctid: container.ctid)
            let plan = Self.without([.snapshot, .rollBackOnFailure, .settleSnapshot, .checkHealth, .recordVersion], full)
            #expect(plan.snapshotName == nil && plan.actions.map(\.kind) == [.update])
            let result = try await update.run(plan)
            #expect(result.performed == plan.actions && result.health == nil && result.version == nil && !result.snapshotKept)
            #expect(try containerWrites(pve, container.ctid).isEmpty, "no snapshot and no notes written")
            #expect(try container.attach("cat /opt/demo/state") == "updated\n", "the update itself ran")
        }
    }

    @Test("backup path: a failure performs the backup, the update and the restore; without the restore in the plan nothing is restored")
    func backupPath() async throws {
        try await withUpdateSetup(rootfs: "local:CTID/vm-CTID-disk-0.raw,size=8G") { container, pve, update in
            try pve.setStorageContent("local", "iso,vztmpl,backup,rootdir")
            try container.attach("touch /opt/demo/fail")
            let heard = Heard()
            let backingUp = Self.hearing(update.with { $0.protection = .backup(storage: "local") }, heard)
            let plan = try await backingUp.plan(ctid: container.ctid)
            #expect(plan.backupStorage == "local" && plan.actions(.restoreBackupOnFailure).count == 1)
            let restored = try await #require(throws: BuildError.self) { try await backingUp.run(plan) }
            #expect(restored.exitCode == BuildExitCode.updateRolledBack, "\(restored)")
            #expect(heard.all.map(\.kind) == [.backUp, .update, .restoreBackupOnFailure])
            #expect(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").count == 1, "restored once")
            let error = try await #require(throws: BuildError.self) { try await backingUp.run(Self.without([.restoreBackupOnFailure], plan)) }
            #expect(error.exitCode.rawValue == 250, "the update's own code: \(error)")
            #expect(error.message.contains("its backup before the update is local:backup/vzdump-lxc-\(container.ctid)-"), "\(error.message)")
            #expect(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").count == 1, "no second restore")
            #expect(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/vzdump").count == 2, "each run backed up first")
        }
    }
}
