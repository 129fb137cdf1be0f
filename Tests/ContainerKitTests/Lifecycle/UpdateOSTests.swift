import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// `update --os` in real LXC containers whose package managers are stand-ins that record what they were asked.
@Suite("update --os: the distribution's own upgrade, with the snapshot, health check and rollback", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdateOSTests {
    /// An `apt-get` that logs its arguments, and on `dist-upgrade` leaves the reboot marker (or fails with `exit`).
    static func fakeAPT(_ container: LXCContainerFixture, exit code: Int = 0) throws {
        try container.attach(#"""
            mkdir -p /usr/bin /var/run
            printf '#!/bin/sh\necho "$*" >> /tmp/apt.log\n[ "$2" = -o ] && [ "$6" = dist-upgrade ] && { touch /var/run/reboot-required; exit \#(code); }\nexit 0\n' > /usr/bin/apt-get
            chmod +x /usr/bin/apt-get
            """#)
    }

    @Test("Debian: apt-get update, dist-upgrade (configuration kept) and autoremove after a snapshot; the reboot it asks for, with --reboot done")
    func debian() async throws {
        try await withUpdateSetup { container, pve, update in
            try Self.fakeAPT(container)
            let os = update.with { $0.target = .os; $0.rebootIfRequired = true }
            let plan = try await os.plan(ctid: container.ctid)
            #expect(plan.target == .os && plan.snapshotName == updateSnapshot && plan.containerOS == "debian 13")
            #expect(plan.steps.contains { $0.contains("apt-get (update, dist-upgrade, autoremove) (debian 13)") }, "\(plan.steps)")
            #expect(plan.steps.contains { $0.contains("reboot the container") })
            let result = try await os.execute(plan)
            #expect(result.rebootRequired == true && result.rebooted)
            #expect(result.version == nil)
            let log = try container.attach("cat /tmp/apt.log").split(separator: "\n").map(String.init)
            #expect(log == ["update", "-y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold dist-upgrade", "-y autoremove"])
            let writes = try containerWrites(pve, container.ctid)
            #expect(writes.contains("POST /snapshot") && writes.contains("POST /status/reboot"), "\(writes)")
            #expect(writes.contains { $0.hasPrefix("DELETE /snapshot/") })
            let report = try ReportEncoder.text(UpdateReport(result: result), pretty: false)
            #expect(report.contains(#""rebootRequired":true"#) && report.contains(#""rebooted":true"#) && report.contains(#""target":"os""#))
        }
    }

    @Test("Alpine: apk -U upgrade, run with sh (no bash needed); whether a restart is asked for is unknown")
    func alpine() async throws {
        try await withUpdateSetup(osRelease: "ID=alpine\nVERSION_ID=3.22.1\n") { container, _, update in
            try container.attach(#"""
                mkdir -p /sbin
                printf '#!/bin/sh\necho "$*" >> /tmp/apk.log\n' > /sbin/apk
                chmod +x /sbin/apk
                """#)
            let os = update.with { $0.target = .os }
            let plan = try await os.plan(ctid: container.ctid)
            #expect(plan.steps.contains { $0.contains("apk (-U upgrade) (alpine 3.22.1)") }, "\(plan.steps)")
            let result = try await os.execute(plan)
            #expect(try container.attach("cat /tmp/apk.log") == "-U upgrade\n")
            #expect(result.rebootRequired == nil && !result.rebooted)
        }
    }

    @Test("a failing upgrade is rolled back to the snapshot and started again: 82, nothing rebooted")
    func failing() async throws {
        try await withUpdateSetup { container, pve, update in
            try Self.fakeAPT(container, exit: 100)
            let os = update.with { $0.target = .os; $0.rebootIfRequired = true }
            do {
                _ = try await os.execute(try await os.plan(ctid: container.ctid))
                Issue.record("the OS update should have failed")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.updateRolledBack, "\(error.message)")
            }
            let writes = try containerWrites(pve, container.ctid)
            #expect(writes.contains { $0.hasPrefix("POST /snapshot/") && $0.hasSuffix("/rollback") } && !writes.contains("POST /status/reboot"), "\(writes)")
        }
    }
}
