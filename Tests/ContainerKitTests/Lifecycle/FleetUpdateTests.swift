import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

@Suite("update of a fleet: three real LXC containers through the SSH node shell, API on fakepve", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct FleetUpdateTests {
    @Test("--all, three at once, --continue-on-error: two updated (one started and stopped again), the failing one rolled back; 85")
    func concurrentWithFailureAndStopped() async throws {
        try await withFleetSetup(count: 3) { containers, pve, fleet in
            let (failing, stopped) = (containers[1], containers[2])
            try failing.attach("touch /opt/demo/fail")
            let client = try pve.passwordClient()
            let handle = client.node("pve1").container(stopped.ctid)
            _ = try await client.waitForTask(try await handle.stop(), timeout: .seconds(300))
            let targets = try await FleetSelection(all: true).resolve(client: client, stackKeyFolder: try temporaryFolder())
            #expect(targets.map(\.ctid) == containers.map(\.ctid).sorted())
            let onlyStopped = try await FleetSelection(all: true, status: .stopped).resolve(client: client, stackKeyFolder: try temporaryFolder())
            #expect(onlyStopped.map(\.ctid) == [stopped.ctid])
            let running = try await FleetSelection(ids: containers.map(\.ctid), status: .running).resolve(client: client, stackKeyFolder: "/nonexistent")
            #expect(running.map(\.ctid) == [containers[0].ctid, failing.ctid])

            let concurrent = fleet.with { $0.parallel = 3; $0.continueOnError = true }
            let plan = await concurrent.plan(targets)
            #expect(plan.refused.isEmpty && plan.planned.count == 3)
            #expect(plan.summary.contains { $0.hasPrefix("\(stopped.ctid): ") && $0.contains("started for its update and stopped again") })
            let report = await concurrent.execute(plan)
            let rows = Dictionary(uniqueKeysWithValues: report.containers.map { ($0.ctid, $0) })
            #expect(report.exitCode == BuildExitCode.fleetPartial && report.status == "partial")
            #expect(rows[containers[0].ctid]?.outcome == .updated && rows[containers[0].ctid]?.versionAfter == "2.0.0")
            #expect(rows[containers[0].ctid]?.versionBefore == "1.0.0" && rows[containers[0].ctid]?.protection == "snapshot")
            #expect(rows[failing.ctid]?.outcome == .rolledBack && rows[failing.ctid]?.exitCode == BuildExitCode.updateRolledBack)
            #expect(rows[stopped.ctid]?.outcome == .updated && rows[stopped.ctid]?.startedForUpdate == true)
            for container in [containers[0], stopped] { #expect(try container.attach("cat /opt/demo/state") == "updated\n") }
            #expect(try containerWrites(pve, failing.ctid).contains("POST /snapshot/\(updateSnapshot)/rollback"))
            #expect(try containerWrites(pve, stopped.ctid).last == "POST /status/shutdown")
            #expect(try await handle.status().isRunning == false)
            let json = try ReportEncoder.text(report)
            #expect(try JSONDecoder().decode(FleetUpdateReport.self, from: Data(json.utf8)) == report)
            #expect(json.contains(#""outcome" : "rolled-back""#))
        }
    }

    @Test("without --continue-on-error, one per node: the first failure starts no more; the rest are not started and untouched")
    func firstFailureStops() async throws {
        try await withFleetSetup(count: 3) { containers, pve, fleet in
            try containers[0].attach("touch /opt/demo/fail")
            let targets = containers.map { FleetSelection.Target(ctid: $0.ctid, node: "pve1", status: "running") }
            let report = await fleet.execute(await fleet.plan(targets))
            #expect(report.containers.map(\.outcome) == [.rolledBack, .notStarted, .notStarted])
            #expect(report.containers[1].message?.contains("without --continue-on-error") == true)
            #expect(report.exitCode == BuildExitCode.fleetPartial && report.status == "failed")
            for container in containers.dropFirst() { #expect(try containerWrites(pve, container.ctid).isEmpty) }
        }
    }

    @Test("stopped in the middle (Ctrl-C): the running update is rolled back, the others are not started; 130")
    func cancelledFleet() async throws {
        try await withFleetSetup(count: 3) { containers, pve, fleet in
            try containers[0].attach("touch /opt/demo/slow")
            let targets = containers.map { FleetSelection.Target(ctid: $0.ctid, node: "pve1", status: "running") }
            let plan = await fleet.plan(targets)
            let work = Task { await fleet.execute(plan) }
            var started = false
            for _ in 0..<3000 where !started {
                try await Task.sleep(for: .milliseconds(100))
                started = (try? containers[0].attach("test -f /opt/demo/started && echo yes")) == "yes\n"
            }
            #expect(started)
            work.cancel()
            let report = await work.value
            #expect(report.containers.map(\.outcome) == [.rolledBack, .notStarted, .notStarted])
            #expect(report.exitCode == BuildExitCode.interrupted && report.containers[2].message == "not started: the run was stopped")
            #expect(try containerWrites(pve, containers[0].ctid).contains("POST /snapshot/\(updateSnapshot)/rollback"))
            for container in containers.dropFirst() { #expect(try containerWrites(pve, container.ctid).isEmpty) }
        }
    }

}

@Suite("update of a fleet: exit codes, selection rules, catalog fetched once per app")
struct FleetUpdateRuleTests {
    @Test("a URL catalog is fetched once per app for the whole fleet, also when asked at the same time")
    func catalogFetchedOncePerApp() async throws {
        let count = Mutex(0)
        var options = ContainerUpdate.Options()
        options.fetchCatalog = { app throws(BuildError) in
            count.withLock { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(50))
            return "/catalog/\(app)"
        }
        let once = options.fetchingOncePerApp()
        let fetch = try #require(once.fetchCatalog)
        let folders = await withTaskGroup(of: String?.self) { group in
            for app in ["demo", "demo", "other", "demo", "other"] { group.addTask { try? await fetch(app) } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(count.withLock { $0 } == 2 && folders.count == 5)
        #expect(Set(folders.compactMap { $0 }) == ["/catalog/demo", "/catalog/other"])
    }

    @Test("--stack FILE selects the containers whose marker this machine's key proves, not a claim without proof nor others")
    func stackSelection() async throws {
        let folder = try temporaryFolder()
        let file = folder + "/web-tier.yaml"
        try "name: web-tier\ndefaults:\n  app: demo\ncontainers:\n  web1: {}\n  web2: {}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let key = try StackKey.loadOrCreate(stack: "web-tier", folder: folder)
        try await withFakePVE { pve in
            let proved = StackMarker.line(stack: "web-tier", container: "web1", ctid: 500, runMark: "", key: key)
            let unproved = StackMarker.line(stack: "web-tier", container: "web2", ctid: 501, runMark: "", key: StackKey.random())
            try pve.call("add_ct", [500, "web1"], ["status": "running", "config": ["description": "## demo\n- " + proved, "tags": "community-script"]])
            try pve.call("add_ct", [501, "web2"], ["status": "running", "config": ["description": "## demo\n- " + unproved, "tags": "community-script"]])
            try pve.call("add_ct", [502, "web3"], ["status": "stopped", "config": ["description": "## demo\n", "tags": "community-script"]])
            let client = try pve.passwordClient()
            let targets = try await FleetSelection(stackFile: file).resolve(client: client, stackKeyFolder: folder)
            #expect(targets == [FleetSelection.Target(ctid: 500, node: "pve1", status: "running", hostname: "web1")])
            #expect(try await FleetSelection(stackFile: file, status: .stopped).resolve(client: client, stackKeyFolder: folder).isEmpty)
        }
    }

    @Test("by default one update per node at a time; --parallel N: at most N in all, whatever the nodes")
    func scheduling() {
        let waiting = ["pve1", "pve1", "pve2"]
        #expect(FleetUpdate.nextStartable(nodes: waiting, running: [:], parallel: nil) == 0)
        #expect(FleetUpdate.nextStartable(nodes: waiting, running: ["pve1": 1], parallel: nil) == 2)
        #expect(FleetUpdate.nextStartable(nodes: ["pve1"], running: ["pve1": 1, "pve2": 1], parallel: nil) == nil)
        #expect(FleetUpdate.nextStartable(nodes: waiting, running: ["pve1": 1], parallel: 2) == 0)
        #expect(FleetUpdate.nextStartable(nodes: waiting, running: ["pve1": 1, "pve2": 1], parallel: 2) == nil)
        #expect(FleetUpdate.nextStartable(nodes: [], running: [:], parallel: 2) == nil)
    }

    @Test("one container selected: the run's exit code is its own; a refused plan is reported, not updated")
    func singleAndRefused() {
        let row = FleetUpdateReport.Container(
            ctid: 100, node: "pve1", app: "demo", versionBefore: nil, versionAfter: nil, protection: "snapshot", protectedBy: updateSnapshot,
            startedForUpdate: false, resources: nil, durationSeconds: 1, outcome: .rolledBack, exitCode: 82, message: "failed", warnings: [])
        #expect(FleetUpdateReport(containers: [row]).exitCode == 82)
        var updated = row
        updated.outcome = .updated
        updated.exitCode = 0
        #expect(FleetUpdateReport(containers: [updated, updated]).exitCode == 0)
        #expect(FleetUpdateReport(containers: [updated, row]).exitCode == BuildExitCode.fleetPartial)
        #expect(throws: BuildError.self) { try FleetSelection().validate() }
        #expect(throws: BuildError.self) { try FleetSelection(ids: [100], all: true).validate() }
        #expect(throws: BuildError.self) { try FleetSelection(ids: [100, 100]).validate() }
    }
}
