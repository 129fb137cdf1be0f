import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// A `systemctl` for the busybox test container (with `/run/systemd/system`, so the container counts as booted
/// with systemd): `cron.service` active, and `demo.service` active until the update writes `/opt/demo/state`,
/// failed afterwards.
private let fakeSystemctl = """
    #!/bin/sh
    if [ -f /opt/demo/state ]; then echo "● demo.service loaded failed failed Demo app"; else echo "demo.service loaded active running Demo app"; fi
    echo "cron.service loaded active running Regular background program processing daemon"
    echo "ssh.service loaded inactive dead OpenBSD Secure Shell server"
    """

@Suite("update's health gate in a real LXC container, the app's URL a stand-in on a loopback address, API on fakepve", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdateHealthGateTests {
    @Test("healthy: the plan names the catalog's URL at the container's address, the result carries the answer")
    func healthyUpdate() async throws {
        let marker = try temporaryFolder() + "/broken"
        try await withHTTPStandIn(brokenWhen: marker) { app in
            try await withUpdateSetup(address: app.address, appURL: "http://${IP}:\(app.port)") { container, pve, update in
                let plan = try await update.plan(ctid: container.ctid)
                let baseline = try #require(plan.health)
                #expect(baseline.url == "http://\(app.address):\(app.port)" && baseline.running, "\(baseline)")
                #expect(plan.steps.contains { $0.contains("check health") && $0.contains("http://\(app.address):\(app.port) answers below 500") },
                        "\(plan.steps)")
                let result = try await update.execute(plan)
                let health = try #require(result.health)
                #expect(health.healthy && health.item(.url)?.httpStatus == 200 && health.item(.url)?.state == .ok, "\(health)")
                let report = UpdateReport(result: result)
                #expect(report.health?.healthy == true && report.health?.httpStatus == 200)
                #expect(try containerWrites(pve, container.ctid) == ["POST /snapshot", "DELETE /snapshot/\(updateSnapshot)", "PUT /config"])
            }
        }
    }

    @Test("an update that exits 0 and leaves the URL answering 503: rolled back, exit 82, both health results in the message")
    func brokenURLRollsBack() async throws {
        let marker = try temporaryFolder() + "/broken"
        try await withHTTPStandIn(brokenWhen: marker) { app in
            try await withUpdateSetup(address: app.address, appURL: "http://${IP}:\(app.port)") { container, pve, update in
                // The stand-in answers 503 once the update has written /opt/demo/state inside the container.
                try FileManager.default.createSymbolicLink(atPath: marker, withDestinationPath: container.rootfs + "/opt/demo/state")
                let quick = update.with { $0.healthWait = .seconds(1); $0.health.retryInterval = .milliseconds(200) }
                let plan = try await quick.plan(ctid: container.ctid)
                let error = await #expect(throws: BuildError.self) { _ = try await quick.execute(plan) }
                #expect(error?.exitCode == BuildExitCode.updateRolledBack, "\(String(describing: error))")
                let message = error?.message ?? ""
                #expect(message.contains("rolled back to snapshot \(updateSnapshot)"), "\(message)")
                #expect(message.contains("health after the update: unhealthy: http://\(app.address):\(app.port) answered 503"), "\(message)")
                #expect(message.contains("after the rollback:"), "\(message)")
                #expect(try containerWrites(pve, container.ctid).contains("POST /snapshot/\(updateSnapshot)/rollback"))
            }
        }
    }

    @Test("a service active before the update and failed after it: rolled back, the service named; one inactive before is not")
    func failedServiceRollsBack() async throws {
        try await withUpdateSetup { container, pve, update in
            try container.attach("mkdir -p /run/systemd/system /usr/bin")
            try Data(fakeSystemctl.utf8).write(to: URL(fileURLWithPath: container.rootfs + "/usr/bin/systemctl"))
            try container.attach("chmod 755 /usr/bin/systemctl")
            let quick = update.with { $0.healthWait = .seconds(1); $0.health.retryInterval = .milliseconds(200) }
            let plan = try await quick.plan(ctid: container.ctid)
            let baseline = try #require(plan.health)
            #expect(baseline.initSystem == "systemd" && baseline.services == ["cron.service", "demo.service"], "\(baseline)")
            #expect(baseline.url == nil && plan.steps.contains { $0.contains("the 2 systemd services active now stay active") }, "\(plan.steps)")
            let error = await #expect(throws: BuildError.self) { _ = try await quick.execute(plan) }
            #expect(error?.exitCode == BuildExitCode.updateRolledBack, "\(String(describing: error))")
            #expect(error?.message.contains("service not active: demo.service (failed)") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("ssh.service") == false, "\(error?.message ?? "")")
        }
    }

    @Test("--no-health-check: the plan says so, and an update that breaks the URL counts as done")
    func noHealthCheck() async throws {
        let marker = try temporaryFolder() + "/broken"
        try await withHTTPStandIn(brokenWhen: marker) { app in
            try await withUpdateSetup(address: app.address, appURL: "http://${IP}:\(app.port)") { container, pve, update in
                try FileManager.default.createSymbolicLink(atPath: marker, withDestinationPath: container.rootfs + "/opt/demo/state")
                let unchecked = update.with { $0.healthCheck = false }
                let plan = try await unchecked.plan(ctid: container.ctid)
                #expect(plan.health == nil && plan.steps.contains { $0.contains("no health check afterwards (--no-health-check)") }, "\(plan.steps)")
                let result = try await unchecked.execute(plan)
                #expect(result.health == nil && UpdateReport(result: result).health == nil)
            }
        }
    }

    @Test("an app whose script names no URL and a container without systemd or OpenRC: the plan says there is nothing but running to check")
    func nothingToCheck() async throws {
        try await withUpdateSetup { container, _, update in
            let plan = try await update.plan(ctid: container.ctid)
            #expect(plan.steps.contains { $0.contains("the app has no URL (ct/demo.sh names no http://${IP} URL) and no services to check") },
                    "\(plan.steps)")
            #expect(try await update.execute(plan).health?.healthy == true)
        }
    }
}

@Suite("health check: what the container and the catalog say, read as data")
struct HealthParsingTests {
    @Test("systemd's and OpenRC's listings: bullets dropped, states read, names that are not unit names left out")
    func listings() {
        let systemd = HealthCheck.parseServices(
            "systemd\n● a.service loaded failed failed A\nb.service loaded active running B\n\u{1B}[31mevil.service loaded failed failed X\n"
                + "c@1.service loaded activating start C\n$(reboot) loaded failed failed Y\n")
        #expect(systemd.initSystem == "systemd")
        #expect(systemd.states == ["a.service": .failed, "b.service": .active, "c@1.service": .changing("activating")], "\(systemd.states)")
        let openrc = HealthCheck.parseServices("openrc\n sshd      [  started  ]\n nginx   [  crashed  ]\n cron [ stopped ]\n")
        #expect(openrc.initSystem == "openrc" && openrc.states == ["sshd": .active, "nginx": .failed, "cron": .inactive("stopped")])
        #expect(HealthCheck.parseServices("whatever\nx.service loaded failed failed\n").initSystem == nil)
        let many = "systemd\n" + (0..<5000).map { "s\($0).service loaded active running S\n" }.joined()
        #expect(HealthCheck.parseServices(many).states.count == HealthCheck.serviceLimit)
    }

    @Test("the catalog's last http://${IP}:PORT line gives scheme, port and path; a URL that is not plain is refused")
    func urls() throws {
        let script = #"echo -e "${TAB}${GATEWAY}${BGN}http://${IP}:3000${CL}"\necho -e "${BGN}https://${IP}:8443/admin${CL}""#
        let found = try #require(HealthCheck.catalogURL(in: script))
        #expect(found.scheme == "https" && found.port == "8443" && found.path == "/admin")
        #expect(HealthCheck.catalogURL(in: "echo done") == nil)
        #expect(HealthCheck.isSafeURL("http://127.0.0.5:8080/") && HealthCheck.isSafeURL("https://[::1]:443/x?y=1"))
        for bad in ["ftp://x/", "http://x/$(reboot)", "http://x/ y", "-o/tmp/x", "http://x/\u{1B}[2J", "http://" + String(repeating: "a", count: 2100)] {
            #expect(!HealthCheck.isSafeURL(bad), "\(bad)")
        }
        var options = HealthCheck.Options()
        options.url = "http://x/`id`"
        let error = #expect(throws: BuildError.self) { try options.validate() }
        #expect(error?.exitCode == BuildExitCode.usage && error?.message.contains("--health-url") == true)
    }
}
