import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The backup requests fakepve received after the first `skipping` vzdump POSTs and archive DELETEs, each with its
/// node: `vzdump VMID STORAGE MODE COMPRESS NOTES [protected]` or `delete VOLID`, in the order received.
private func backupRequests(_ pve: FakePVE, skipping: Int = 0) throws -> [(node: String, line: String)] {
    var bodies = try pve.recordedParameters("POST", pathSuffix: "/vzdump").makeIterator()
    var lines: [(node: String, line: String)] = []
    for request in try pve.requests() {
        let path = request.path.replacingOccurrences(of: "/api2/json", with: "").removingPercentEncoding ?? request.path
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "nodes" else { continue }
        if request.method == "POST" && parts[2] == "vzdump" {
            let body = bodies.next() ?? [:]
            let words = [body["vmid"], body["storage"], body["mode"], body["compress"], body["notes-template"]].map { $0 ?? "-" }
            lines.append((parts[1], "vzdump " + words.joined(separator: " ") + (body["protected"] == "1" ? " protected" : "")))
        } else if request.method == "DELETE" && parts.count >= 6 && parts[2] == "storage" && parts[4] == "content" {
            lines.append((parts[1], "delete " + parts[5...].joined(separator: "/")))
        }
    }
    return Array(lines.dropFirst(skipping))
}

/// The request `action` sends, as ``backupRequests(_:skipping:)`` writes it.
private func line(_ action: BackupAction) -> String {
    switch action {
    case .backUp(_, let request, _, _):
        let words = [request.vmids.map(String.init).joined(separator: ","), request.storage, request.mode.rawValue, request.compression.wireValue,
                     request.notes.map(VzdumpRequest.notesTemplate) ?? "-"]
        return "vzdump " + words.joined(separator: " ") + (request.isProtected ? " protected" : "")
    case .prune(let archive, _, _):
        return "delete \(archive.volid)"
    }
}

/// Built containers 101 and 102 on pve1, 201 on pve2, each with two archives already (written by earlier runs).
private func containersWithArchives(_ pve: FakePVE) async throws -> ProxmoxClient {
    for (vmid, name, node) in [(101, "web", "pve1"), (102, "db", "pve1"), (201, "far", "pve2")] {
        try pve.call("add_ct", [vmid, name], ["node": node, "status": "running", "config": [
            "description": lxcBuildNotes(app: "demo"), "tags": "community-script", "rootfs": "local-lvm:vm-\(vmid)-disk-0,size=4G"]])
    }
    try pve.serveVzdump(size: 1 << 20)
    let client = try pve.passwordClient()
    let earlier = ContainerBackup(client: client, options: BackupOptions())
    for _ in 0..<2 {
        let result = await earlier.execute(try await earlier.plan(.ids([101, 102, 201])))
        #expect(result.failure(logPath: nil) == nil)
    }
    return client
}

@Suite("backup plan equals run: the typed actions are what is done, on fakepve")
struct BackupPlanRunTests {
    @Test("the vzdump and delete requests fakepve records are the plan's actions, in order on each node; performed lists them all")
    func planEqualsRun() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            let client = try await containersWithArchives(pve)
            let backup = ContainerBackup(client: client, options: BackupOptions(mode: .suspend, compression: .gzip, notes: "plan of {{vmid}}",
                                                                                isProtected: true, keepLast: 2))
            let plan = try await backup.plan(.ids([101, 102, 201]))
            #expect(plan.actions.count == 6, "a backup and one prune for each container: \(plan.steps)")
            #expect(plan.steps == plan.actions.map(\.words))
            #expect(plan.items.map(\.target.ctid) == [101, 102, 201] && plan.items.allSatisfy { $0.pruned.count == 1 })
            let skipped = try backupRequests(pve).count

            let result = await backup.execute(plan)
            #expect(result.failure(logPath: nil) == nil)
            #expect(result.performed == plan.actions)
            let received = try backupRequests(pve, skipping: skipped)
            for node in ["pve1", "pve2"] {
                #expect(received.filter { $0.node == node }.map(\.line) == plan.actions.filter { $0.target.node == node }.map(line),
                        "what \(node) received is the plan's actions for it, in their order")
            }
            #expect(received.count == plan.actions.count)
            let pruned = plan.actions.compactMap { action -> String? in
                if case .prune(let archive, _, _) = action { return archive.volid } else { return nil }
            }
            #expect(result.outcomes.flatMap(\.pruned) == pruned)
        }
    }

    @Test("an action taken out of the plan is not done, nor a prune whose container's backup is not in the plan")
    func actionTakenOutIsNotDone() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            let client = try await containersWithArchives(pve)
            let plan = try await ContainerBackup(client: client, options: BackupOptions(keepLast: 2)).plan(.ids([101, 102, 201]))
            let kept = plan.actions.filter { action in
                switch action {
                case .backUp(let target, _, _, _): target.ctid != 102
                case .prune(_, let target, _): target.ctid != 201
                }
            }
            #expect(kept.count == 4, "the backups of 101 and 201, the prunes of 101 and 102")
            let part = BackupPlan(storage: plan.storage, options: plan.options, actions: kept)
            let skipped = try backupRequests(pve).count
            let before = try pve.vzdumpEvents().count

            let result = await ContainerBackup(client: client, options: plan.options).execute(part)
            #expect(result.outcomes.map(\.target.ctid) == [101, 201] && result.failure(logPath: nil) == nil)
            let orphan = kept.first { if case .prune(_, let target, _) = $0 { target.ctid == 102 } else { false } }
            #expect(result.performed == kept.filter { $0 != orphan }, "the prune of 102 waits for a backup of 102 that is not in the plan")
            #expect(Set(try pve.vzdumpEvents().dropFirst(before).map(\.vmid)) == [101, 201], "no vzdump of 102")
            let received = try backupRequests(pve, skipping: skipped)
            #expect(received.map(\.line).sorted() == result.performed.map(line).sorted())
            #expect(!received.contains { $0.line.hasPrefix("vzdump 102 ") })
            for ctid in [102, 201] {
                #expect(try await client.node(ctid == 201 ? "pve2" : "pve1").backupArchives(on: "local", vmid: ctid).count == (ctid == 102 ? 2 : 3),
                        "no archive of \(ctid) removed")
            }
        }
    }
}
