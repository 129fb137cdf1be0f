import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// An update stopped while PVE takes its snapshot: nothing has run inside yet, so nothing is rolled back; the
/// snapshot is waited for and removed again.
@Suite("lxc-build update stopped while the snapshot is taken", .serialized)
struct UpdateStoppedDuringSnapshotTests {
    @Test("the snapshot task is waited for, the snapshot removed again, exit 130, no rollback, nothing run inside")
    func stoppedDuringSnapshot() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": lxcBuildNotes(app: "demo"), "rootfs": "local-lvm:vm-150-disk-0,size=8G"]])
            // The snapshot task takes 10 PVE seconds at half their length: the stop lands while it runs, also under a
            // sanitizer on a loaded machine.
            try pve.setItem("ct_secs", key: "snapshot", value: 10)
            try pve.set("time_scale", 0.5)
            // Records what it is asked to run: nothing, here.
            let shell = RecordingNodeShell()
            let update = ContainerUpdate(client: try pve.passwordClient(), shell: shell, options: ContainerUpdate.Options())
            let snapshot = updateSnapshot
            let plan = UpdatePlan(
                ctid: 150, node: "pve1", app: "demo", appSource: "notes", appName: "Demo",
                actions: [.snapshot(ctid: 150, name: snapshot, volumes: "rootfs on local-lvm (lvmthin)")], script: "exit 0", functions: "", notes: "")
            let run = Task { try await update.execute(plan) }
            #expect(await pve.waitUntilReceived("POST", pathSuffix: "/lxc/150/snapshot"), "the snapshot request never reached the fake")
            run.cancel()
            let error = try #require(await run.result.failure as? BuildError)
            #expect(error.exitCode == BuildExitCode.interrupted, "\(error)")
            #expect(error.message.contains("unchanged") && error.message.contains("removed again"), "\(error.message)")
            #expect(try await pve.passwordClient().node("pve1").container(150).snapshotNames().isEmpty, "the snapshot was left")
            let writes = try containerWrites(pve, 150)
            #expect(writes == ["POST /snapshot", "DELETE /snapshot/\(snapshot)"], "\(writes)")
            #expect(shell.commands.isEmpty, "something ran inside: \(shell.commands.map(\.arguments))")
        }
    }
}
