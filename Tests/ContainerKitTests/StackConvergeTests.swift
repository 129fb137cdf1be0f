import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Orphans, `apply --prune` and `apply --converge`, against a three-node fakepve.
@Suite("Stack orphans, prune and converge", .serialized)
struct StackConvergeTests {
    /// `StackTests.stack(count)` applied; each created container's id by name.
    static func applied(_ pve: FakePVE, _ count: Int) async throws -> [String: Int] {
        let result = try await StackTests.runner(pve).planAndApply(StackTests.stack(count))
        #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
        return StackOwnershipTests.created(result).mapValues(\.ctid)
    }

    /// The plan of `stack`, with `options`.
    static func plan(_ pve: FakePVE, _ stack: Stack, _ options: StackPlanOptions = StackPlanOptions()) async throws -> StackPlan {
        try await StackTests.runner(pve).plan(stack, options: options)
    }

    /// The existing entry of `name` in `plan`.
    static func existing(_ plan: StackPlan, _ name: String) throws -> StackExisting {
        let entry = try #require(plan.entries.first { $0.name == name })
        guard case .existing(let existing) = entry.outcome else { throw FakePVE.HarnessError(description: "\(name) is not existing: \(entry.outcome)") }
        return existing
    }

    @Test("a container of the stack removed from the file is an orphan of apply --plan (text and JSON), with how to remove it; nothing is written")
    func orphanReported() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let ids = try await Self.applied(pve, 2)
            // Another admin's container with a marker of a name the file does not list, but no proof: never an orphan.
            try pve.call("add_ct", [300, "web9"], ["node": "pve2", "config": ["description": "lxc-build stack: web-tier web9"]])
            let writes = try pve.writes().count
            let plan = try await Self.plan(pve, StackTests.stack(1))
            #expect(plan.orphans.map(\.ctid) == [try #require(ids["web2"])] && plan.orphans.map(\.name) == ["web2"])
            #expect(plan.hasChanges && plan.prune == nil && !plan.writes)
            let report = try StackPlanReport(plan: plan)
            let orphan = try #require(report.orphans?.first)
            #expect(orphan.action == "left" && orphan.name == "web2" && orphan.hostname == "web2" && !orphan.protected)
            #expect(orphan.removal.contains("lxc-build apply stack.yaml --prune") && orphan.removal.contains("lxc-build destroy \(ids["web2"]!)"))
            let document = try ReportEncoder.text(report)
            #expect(document.contains("\"orphans\"") && document.contains("\"action\" : \"left\""), "\(document)")
            #expect(try pve.writes().count == writes, "planning wrote nothing")

            let result = try await StackTests.runner(pve).apply(plan)
            #expect(result.exitCode == 0 && result.orphans.map(\.name) == ["web2"] && result.hasDifferences)
            #expect(ApplyReport(result: result).orphans?.map(\.action) == ["left"])
            #expect(try await pve.containerIDs() == [ids["web1"]!, ids["web2"]!, 300].sorted(), "without --prune nothing is removed")
        }
    }

    @Test("apply --prune backs up and removes only the proved orphans, as planned; the others and a clone's copy are left")
    func pruneRemovesProvedOrphans() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let ids = try await Self.applied(pve, 3)
            // A marker of web3 without a proof (another admin's copy): not the stack's, never removed.
            try pve.call("add_ct", [300, "web3"], ["node": "pve3", "config": ["description": "lxc-build stack: web-tier web3"]])
            let client = try pve.passwordClient()
            let options = StackPlanOptions(prune: true, pruneBackup: ContainerBackup(client: client, options: BackupOptions()))
            let plan = try await Self.plan(pve, StackTests.stack(1), options)
            let prune = try #require(plan.prune)
            #expect(prune.removals.map(\.name) == ["web2", "web3"] && prune.refused.isEmpty && plan.writes)
            #expect(prune.removal.plan?.storage == "local" && prune.removal.plan?.items.map(\.target.ctid) == [ids["web2"]!, ids["web3"]!])
            #expect(try StackPlanReport(plan: plan).orphans?.map(\.action) == ["remove", "remove"])

            let result = try await StackTests.runner(pve).apply(plan)
            #expect(result.exitCode == 0 && result.orphans.isEmpty && !result.hasDifferences, "\(result.prune?.failures.map(\.error.message) ?? [])")
            let removed = try #require(result.prune?.removed)
            #expect(removed.map(\.orphan.name) == ["web2", "web3"])
            #expect(removed.allSatisfy { $0.archive?.hasPrefix("local:backup/vzdump-lxc-\($0.orphan.ctid)-") == true }, "each backed up first")
            #expect(ApplyReport(result: result).orphans?.map(\.action) == ["removed", "removed"])
            #expect(try await pve.containerIDs() == [ids["web1"]!, 300].sorted())
        }
    }

    @Test("a protected orphan is refused (77), reported and left; the other orphan is removed")
    func protectedOrphanLeft() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let ids = try await Self.applied(pve, 3)
            let client = try pve.passwordClient()
            let web2 = try #require(ids["web2"])
            let node = try #require(try await client.clusterResources(type: "vm").first { $0.vmid == web2 }?.node)
            var update = ContainerConfigUpdate()
            update.options.protection = true
            try await client.node(node).container(web2).updateConfig(update)

            let plan = try await Self.plan(pve, StackTests.stack(1), StackPlanOptions(prune: true))
            #expect(plan.prune?.refused.map(\.ctid) == [web2] && plan.prune?.removals.map(\.name) == ["web3"])
            #expect(try StackPlanReport(plan: plan).orphans?.map(\.action) == ["refused", "remove"])
            let result = try await StackTests.runner(pve).apply(plan)
            #expect(result.exitCode == BuildExitCode.permissionDenied)
            #expect(result.prune?.removed.map(\.orphan.name) == ["web3"] && result.prune?.removed.first?.archive == nil, "--no-backup: none")
            #expect(result.orphans.map(\.ctid) == [web2] && result.orphans.first?.isProtected == true)
            let report = ApplyReport(result: result, exitCode: result.exitCode)
            #expect(report.status == "failed" && report.error?.message.contains("orphan(s) not removed: web2") == true, "\(String(describing: report.error))")
            #expect(report.orphans?.first { $0.ctid == web2 }?.action == "refused")
            #expect(try await pve.containerIDs() == [ids["web1"]!, web2].sorted())
        }
    }

    @Test("apply --converge of memory and tags: the writes are exactly the plan's requests; planned again, nothing differs")
    func convergeMemoryAndTags() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let ids = try await Self.applied(pve, 1)
            var stack = StackTests.stack(1)
            stack.members[0].spec.memoryMiB = 1024
            stack.members[0].spec.tags = ["web", "prod"]

            let withoutConverge = try await Self.plan(pve, stack)
            #expect(!withoutConverge.writes && withoutConverge.hasChanges, "drift alone changes nothing without --converge")
            let plan = try await Self.plan(pve, stack, StackPlanOptions(converge: true))
            let existing = try Self.existing(plan, "web1")
            #expect(Set(existing.drift.map(\.option)) == ["memory", "tags"] && existing.rebuild.isEmpty)
            let request = try #require(existing.changes.first)
            #expect(existing.changes.count == 1 && request.method == .put && request.path.hasSuffix("/lxc/\(ids["web1"]!)/config"))
            let report = try StackPlanReport(plan: plan)
            let planned = try #require(report.containers.first?.changes)
            #expect(planned.first?.parameters["memory"] == "1024" && planned.first?.parameters["digest"] != nil)

            let before = try SavedStackPlanTests.recordedWrites(pve).count
            let result = try await StackTests.runner(pve).apply(plan)
            #expect(result.exitCode == 0 && !result.hasDifferences, "\(result.failures.map(\.error.description))")
            let written = Array(try SavedStackPlanTests.recordedWrites(pve).dropFirst(before))
            #expect(written == planned, "the writes are the plan's requests: \(written)")
            #expect(ApplyReport(result: result).containers.first?.converged == true)

            let again = try Self.existing(try await Self.plan(pve, stack), "web1")
            #expect(again.drift.isEmpty && again.changes.isEmpty, "\(again.drift)")
        }
    }

    @Test("a smaller root disk in the file is listed for a rebuild, never sent; a larger one is a resize")
    func diskShrinkIsRebuild() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let ids = try await Self.applied(pve, 1)
            var stack = StackTests.stack(1)
            stack.members[0].spec.diskGiB = 2
            let shrink = try Self.existing(try await Self.plan(pve, stack, StackPlanOptions(converge: true)), "web1")
            #expect(shrink.rebuild == [StackDrift(option: "rootfs size", wanted: "2G", actual: "4G")] && shrink.changes.isEmpty)
            let writes = try pve.writes().count
            let kept = try await StackTests.runner(pve).apply(try await Self.plan(pve, stack, StackPlanOptions(converge: true)))
            #expect(kept.exitCode == 0 && kept.hasDifferences)
            #expect(try pve.writes().count == writes, "nothing sent for a shrink")

            stack.members[0].spec.diskGiB = 6
            let plan = try await Self.plan(pve, stack, StackPlanOptions(converge: true))
            let grow = try Self.existing(plan, "web1")
            #expect(grow.rebuild.isEmpty && grow.changes.map(\.path) == ["/nodes/\(grow.node)/lxc/\(ids["web1"]!)/resize"])
            #expect(grow.changes.first?.parameters.map(\.name) == ["disk", "size"])
            let result = try await StackTests.runner(pve).apply(plan)
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
            #expect(try Self.existing(try await Self.plan(pve, stack), "web1").drift.isEmpty, "the disk is 6G now")
        }
    }
    @Test("a saved plan with --converge sends its changes as saved; a container changed since (its digest) refuses the plan before any write")
    func savedConverge() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            var stack = try SavedStackPlanTests.stackOnDisk(1)
            let first = try await StackTests.runner(pve).planAndApply(stack)
            let web1 = try #require(StackOwnershipTests.created(first)["web1"])
            stack.members[0].spec.memoryMiB = 1024
            let runner = try StackTests.runner(pve)
            let saved = try SavedStackPlan(plan: try await runner.plan(stack, options: StackPlanOptions(converge: true)),
                                           fileDigest: try SavedStackPlan.digest(ofFile: stack.file))
            let path = stack.file + ".plan.json"
            try saved.write(to: path)
            let loaded = try #require(try SavedStackPlan.load(path))
            let changes = try #require(loaded.containers.first?.changes)
            #expect(loaded.converge == true && changes.first?.parameters["memory"] == "1024")

            let before = try SavedStackPlanTests.recordedWrites(pve).count
            let result = try await StackTests.runner(pve).apply(try await StackTests.runner(pve).plan(stack, following: loaded))
            #expect(result.exitCode == 0, "\(result.failures.map(\.error.description))")
            #expect(Array(try SavedStackPlanTests.recordedWrites(pve).dropFirst(before)) == changes, "sent as saved")

            // Planned and saved again, then someone changes the container: the saved change no longer holds.
            stack.members[0].spec.memoryMiB = 2048
            let again = try SavedStackPlan(plan: try await runner.plan(stack, options: StackPlanOptions(converge: true)),
                                           fileDigest: try SavedStackPlan.digest(ofFile: stack.file))
            var update = ContainerConfigUpdate()
            update.options.cores = 2
            try await pve.passwordClient().node(web1.node).container(web1.ctid).updateConfig(update)
            let writes = try pve.writes().count
            let error = await #expect(throws: BuildError.self) { try await StackTests.runner(pve).plan(stack, following: again) }
            #expect(error?.exitCode == BuildExitCode.usage && error?.message.contains("web1: its change in place") == true, "\(error?.message ?? "")")
            #expect(try pve.writes().count == writes)
        }
    }
    @Test("a saved plan with --prune removes the orphans it lists, backed up as saved; an orphan gone since refuses it before any write")
    func savedPrune() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            var stack = try SavedStackPlanTests.stackOnDisk(3)
            let first = try await StackTests.runner(pve).planAndApply(stack)
            let ids = StackOwnershipTests.created(first).mapValues(\.ctid)
            stack.members.removeLast()
            let client = try pve.passwordClient()
            let backup = ContainerBackup(client: client, options: BackupOptions())
            let plan = try await StackTests.runner(pve).plan(stack, options: StackPlanOptions(prune: true, pruneBackup: backup))
            let saved = try SavedStackPlan(plan: plan, fileDigest: try SavedStackPlan.digest(ofFile: stack.file))
            #expect(saved.prune == SavedStackPlan.Prune(remove: [ids["web3"]!], refused: [], backupStorage: "local"))

            let following = try await StackTests.runner(pve).plan(stack, following: saved, pruneBackup: backup)
            let result = try await StackTests.runner(pve).apply(following)
            #expect(result.exitCode == 0 && result.prune?.removed.map(\.orphan.ctid) == [ids["web3"]!])
            #expect(result.prune?.removed.first?.archive?.hasPrefix("local:backup/vzdump-lxc-") == true)

            // The same saved plan again: its orphan is gone, so the plan no longer holds.
            let writes = try pve.writes().count
            let error = await #expect(throws: BuildError.self) {
                try await StackTests.runner(pve).plan(stack, following: saved, pruneBackup: backup)
            }
            #expect(error?.exitCode == BuildExitCode.usage && error?.message.contains("the orphans it removes were [\(ids["web3"]!)]") == true,
                    "\(error?.message ?? "")")
            #expect(try pve.writes().count == writes)
        }
    }
}
