import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

@Suite("update --check: installed against latest versions, a local stand-in for the GitHub releases API", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdateCheckTests {
    @Test("newer, equal and unknown versions; pending OS updates counted where apt tells, unknown elsewhere; nothing written")
    func newerEqualUnknown() async throws {
        let api = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: api + "/repos/example/demo/releases", withIntermediateDirectories: true)
        try #"{"tag_name": "v2.0.0", "name": "Demo 2"}"#.write(toFile: api + "/repos/example/demo/releases/latest", atomically: true, encoding: .utf8)
        let server = try FakePVE.startScripted(serving: api)
        defer { server.stop() }
        try await withFleetSetup(count: 3) { containers, pve, fleet in
            let catalog = try #require(fleet.options.update.catalogDirectory)
            let script = try String(contentsOfFile: catalog + "/ct/demo.sh", encoding: .utf8)
            try script.replacingOccurrences(of: "  msg_info \"Updating", with: "  check_for_gh_release \"demo\" \"example/demo\"\n  msg_info \"Updating")
                .write(toFile: catalog + "/ct/demo.sh", atomically: true, encoding: .utf8)
            try containers[0].attach("mkdir -p /root && echo 1.0.0 > /root/.demo")
            try containers[0].attach("printf '#!/bin/sh\\necho Inst a\\necho Inst b\\necho Conf a\\n' > /usr/bin/apt-get && chmod +x /usr/bin/apt-get")
            try containers[1].attach("mkdir -p /root && echo 2.0.0 > /root/.demo")
            var unversioned = ContainerConfigUpdate()
            unversioned.options.description = lxcBuildNotes(app: "demo")
            try await pve.passwordClient().node("pve1").container(containers[2].ctid).updateConfig(unversioned)
            let writes = try pve.writes().count

            var options = UpdateCheck.Options(update: fleet.options.update)
            options.githubAPI = server.info.url + "/catalog"
            options.trust = .caFile(server.info.caFile)
            let targets = containers.map { FleetSelection.Target(ctid: $0.ctid, node: "pve1", status: "running") }
            let check = UpdateCheck(client: fleet.client, shell: fleet.shell, options: options)
            let report = await check.check(targets)
            #expect(report.containers.map(\.status) == [.updateAvailable, .upToDate, .unknown])
            #expect(report.containers[0].installed == "1.0.0" && report.containers[0].installedFrom == "~/.demo" && report.containers[0].latest == "v2.0.0")
            #expect(report.containers[0].osUpdates == 2 && report.containers[1].osUpdates == nil)
            #expect(report.containers[2].installed == nil && report.containers[2].repository == "example/demo")
            #expect(try pve.writes().count == writes, "--check changes nothing")

            options.githubAPI = server.info.url + "/catalog/missing"
            let unknown = await UpdateCheck(client: fleet.client, shell: fleet.shell, options: options).check(Array(targets.prefix(1)))
            #expect(unknown.containers[0].status == .unknown && unknown.containers[0].latest == nil)
            #expect(unknown.containers[0].problems.contains { $0.contains("HTTP 404") }, "\(unknown.containers[0].problems)")
            let json = try ReportEncoder.text(report)
            #expect(try JSONDecoder().decode(UpdateCheckReport.self, from: Data(json.utf8)) == report)
        }
    }

    @Test("the repository of check_for_gh_release: the app's own call, quoted or not")
    func releaseRepository() {
        let script = "check_for_gh_release \"other\" \"a/b\"\nif check_for_gh_release 'demo' 'owner/demo.app'; then\n"
        #expect(UpdateCheck.releaseRepository(in: script, app: "demo") == "owner/demo.app")
        #expect(UpdateCheck.releaseRepository(in: script, app: "x") == "a/b")
        #expect(UpdateCheck.releaseRepository(in: "echo none", app: "demo") == nil)
    }
}
