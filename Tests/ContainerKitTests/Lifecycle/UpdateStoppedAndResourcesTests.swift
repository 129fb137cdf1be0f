import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("update of a stopped container, and the resources raised for an update", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdateStoppedAndResourcesTests {
    @Test("a stopped container is refused (117) unless startStopped; with it: started, OS checked, updated, stopped again")
    func stoppedContainerStartedAndStopped() async throws {
        try await withUpdateSetup { container, pve, update in
            let handle = try pve.passwordClient().node("pve1").container(container.ctid)
            _ = try await pve.passwordClient().waitForTask(try await handle.stop(), timeout: .seconds(300))
            await #expect(throws: BuildError.self) { _ = try await update.plan(ctid: container.ctid) }
            let starting = update.with { $0.startStopped = true }
            let plan = try await starting.plan(ctid: container.ctid)
            #expect(plan.startsStopped && plan.containerOS == nil)
            #expect(plan.steps.contains { $0.hasPrefix("start container \(container.ctid) (it is stopped)") })
            #expect(plan.steps.last == "stop container \(container.ctid) again (it was stopped before the update)")
            let before = try containerWrites(pve, container.ctid).count
            let result = try await starting.run(plan)
            #expect(result.version == "2.0.0" && result.plan.containerOS == "debian 13" && result.warnings.isEmpty)
            // The run carried out the plan's actions as listed: all but the rollback kept for a failure.
            #expect(plan.actions.map(\.kind) == [.startStopped, .snapshot, .update, .checkHealth, .rollBackOnFailure, .settleSnapshot, .recordVersion, .stopAgain])
            #expect(result.performed == plan.actions.filter { !$0.isOnFailure }, "\(result.performed)")
            #expect(try container.attach("cat /opt/demo/state") == "updated\n")
            #expect(try containerWrites(pve, container.ctid).dropFirst(before) == [
                "POST /status/start", "POST /snapshot", "DELETE /snapshot/\(updateSnapshot)", "PUT /config", "POST /status/shutdown",
            ])
            #expect(try await handle.status().isRunning == false)
        }
    }

    @Test("a stopped container whose update fails: rolled back (and so started), then stopped again; 82")
    func stoppedContainerFailsAndIsStoppedAgain() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("touch /opt/demo/fail")
            let handle = try pve.passwordClient().node("pve1").container(container.ctid)
            _ = try await pve.passwordClient().waitForTask(try await handle.stop(), timeout: .seconds(300))
            let starting = update.with { $0.startStopped = true }
            await #expect(throws: BuildError.self) { _ = try await starting.run(try await starting.plan(ctid: container.ctid)) }
            #expect(try containerWrites(pve, container.ctid).suffix(2) == ["DELETE /snapshot/\(updateSnapshot)", "POST /status/shutdown"])
            #expect(try await handle.status().isRunning == false)
        }
    }

    @Test("cores and memory below the script's var_cpu/var_ram are raised for the update and restored after, success or failure")
    func resourcesRaisedAndRestored() async throws {
        try await withUpdateSetup(cpu: "2") { container, pve, update in
            let handle = try pve.passwordClient().node("pve1").container(container.ctid)
            var small = ContainerConfigUpdate()
            small.options.cores = 1
            small.options.memory = 256
            try await handle.updateConfig(small)
            let plan = try await update.plan(ctid: container.ctid)
            #expect(plan.resources == UpdateResources(cores: 1, raisedCores: 2, memory: 256, raisedMemory: 512))
            #expect(plan.steps.first?.hasPrefix("raise cores 1 → 2, memory 256 → 512 MiB") == true)
            let puts = try pve.recordedParameters("PUT", pathSuffix: "/lxc/\(container.ctid)/config").count
            let result = try await update.run(plan)
            #expect(plan.actions.first?.kind == .raiseResources && plan.actions.last?.kind == .restoreResources)
            #expect(result.performed == plan.actions.filter { !$0.isOnFailure }, "\(result.performed)")
            var config = try await handle.config()
            #expect(config.options.cores == 1 && config.options.memory == 256)
            let sets = try pve.recordedParameters("PUT", pathSuffix: "/lxc/\(container.ctid)/config").dropFirst(puts)
            #expect(sets.first?["cores"] == "2" && sets.first?["memory"] == "512", "\(sets)")
            // A failed update is rolled back and its resources restored all the same.
            try container.attach("touch /opt/demo/fail")
            await #expect(throws: BuildError.self) { _ = try await update.run(try await update.plan(ctid: container.ctid)) }
            config = try await handle.config()
            #expect(config.options.cores == 1 && config.options.memory == 256)
            // Not raised when the container has enough, or when asked not to.
            #expect(try await update.with { $0.raiseResources = false }.plan(ctid: container.ctid).resources == nil)
        }
    }
}
