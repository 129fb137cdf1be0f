import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

@Suite("lxc-build health on the command line, on fakepve, the app's URL a stand-in on a loopback address", .serialized)
struct HealthCommandTests {
    static let notes = "## demo\n- lxc-build run: 0123456789abcdef0123456789abcdef"

    /// fakepve with demo containers: 101 answering at the stand-in's address, 102 running at an address where nothing
    /// listens, 103 stopped, 104 built by neither; the catalog's ct/demo.sh names `http://${IP}:PORT`.
    private func withContainers(_ body: (FakePVE, HTTPStandIn, [String], [String: String]) async throws -> Void) async throws {
        let marker = try CLITests.temporaryDirectory() + "/broken"
        try await withHTTPStandIn(brokenWhen: marker) { app in
            try await withFakePVE { pve in
                let silent = HTTPStandIn.loopbackAddress()
                for (ctid, address, status) in [(101, app.address, "running"), (102, silent, "running"), (103, app.address, "stopped")] {
                    try pve.call("add_ct", [ctid, "demo\(ctid)"], ["status": status, "config": [
                        "description": Self.notes, "tags": "community-script;web", "net0": "name=eth0,bridge=vmbr0,ip=\(address)/8"]])
                }
                try pve.call("add_ct", [104, "mine"], ["status": "running"])
                let catalog = try makeUpdateCatalog(appURL: "http://${IP}:\(app.port)")
                let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
                try await body(pve, app, ["--catalog", catalog, "--node-shell", "local"], environment)
            }
        }
    }

    @Test("--all --json: one document, each container's parts, exit 86 when one is unhealthy; a healthy one alone exits 0 with a table")
    func jsonAndExitCode() async throws {
        try await withContainers { pve, app, common, environment in
            let all = try await CLITests.run(["health", "--all", "--json"] + common, environment: environment)
            #expect(all.status == BuildExitCode.unhealthy, "\(all.errors)")
            #expect(all.json["status"] as? String == "unhealthy" && all.json["healthy"] as? Int == 1 && all.json["unhealthy"] as? Int == 2, "\(all.json)")
            let rows = all.json["containers"] as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["ctid"] as? Int } == [101, 102, 103], "\(rows)")
            let healthy = try #require(rows.first)
            #expect(healthy["healthy"] as? Bool == true && healthy["httpStatus"] as? Int == 200, "\(healthy)")
            #expect(healthy["url"] as? String == "http://\(app.address):\(app.port)" && (healthy["seconds"] as? Double) != nil)
            #expect((healthy["urlCheck"] as? [String: Any])?["state"] as? String == "ok")
            let silent = rows[1]
            #expect(silent["healthy"] as? Bool == false && silent["httpStatus"] is NSNull && silent["restarted"] as? Bool == false, "\(silent)")
            #expect(((silent["urlCheck"] as? [String: Any])?["reason"] as? String)?.contains("does not answer") == true, "\(silent)")
            let stopped = rows[2]
            #expect((stopped["running"] as? [String: Any])?["state"] as? String == "failed", "\(stopped)")
            #expect(try pve.writes().isEmpty, "health reads only")

            let one = try await CLITests.run(["health", "101"] + common, environment: environment)
            #expect(one.status == 0, "\(one.errors)")
            let row = try #require(one.output.split(separator: "\n").first { $0.hasPrefix("101") })
            #expect(row.contains("healthy") && row.contains("200 in") && row.contains("http://\(app.address):\(app.port)"), "\(one.output)")
            #expect(one.errors.contains("1 healthy, 0 unhealthy."), "\(one.errors)")

            let neither = try await CLITests.run(["health", "--all", "101"] + common, environment: environment)
            #expect(neither.status == 64 && neither.errors.contains("CTID..., --all, or --tag/--stack"), "\(neither.errors)")
            let badURL = try await CLITests.run(["health", "101", "--health-url", "http://x/$(id)"] + common, environment: environment)
            #expect(badURL.status == 64 && badURL.errors.contains("--health-url"), "\(badURL.errors)")
            // A stack name is what notes say, which anyone who can edit them can write: never a reason to restart.
            let byName = try await CLITests.run(["health", "--stack", "web-tier", "--restart", "--json"] + common, environment: environment)
            #expect(byName.status == 64, "\(byName.output)")
            #expect(((byName.json["error"] as? [String: Any])?["message"] as? String)?.contains("no proof") == true, "\(byName.output)")
            #expect(try pve.writes().isEmpty, "nothing restarted")
        }
    }

    @Test("--restart: a running container whose URL does not answer is rebooted once and checked again; a stopped one is not")
    func restart() async throws {
        try await withContainers { pve, _, common, environment in
            let run = try await CLITests.run(["health", "102", "103", "--restart", "--wait", "1", "--json"] + common, environment: environment)
            #expect(run.status == BuildExitCode.unhealthy, "\(run.errors)")
            let rows = run.json["containers"] as? [[String: Any]] ?? []
            #expect(rows.first?["restarted"] as? Bool == true && rows.first?["healthy"] as? Bool == false, "\(rows)")
            #expect(rows.last?["restarted"] as? Bool == false, "\(rows)")
            let writes = try pve.writes().map { "\($0.method) \($0.path)" }
            let reboots = writes.filter { $0.hasSuffix("/status/reboot") }
            #expect(reboots.count == 1 && reboots.allSatisfy { $0.hasPrefix("POST ") && $0.hasSuffix("/lxc/102/status/reboot") }, "\(writes)")
        }
    }

    @Test("--stack FILE --tag TAG is refused (64) before any request: --tag does not narrow a stack file's proved members")
    func tagWithStackFile() async throws {
        let folder = try CLITests.temporaryDirectory()
        let file = folder + "/shop.yaml"
        try "name: shop\ncontainers:\n  web: {app: debian}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": folder,
                           "PROXMOX_VE_ENDPOINT": "https://127.0.0.1:9", "PROXMOX_VE_API_TOKEN": "root@pam!t=00000000-0000-0000-0000-000000000000"]
        let run = try await CLITests.run(["health", "--stack", file, "--tag", "web", "--node-shell", "local"], environment: environment)
        #expect(run.status == 64, "\(run.errors)")
        #expect(run.errors.contains("--tag 'web' with --stack '\(file)'") && run.errors.contains("--tag does not narrow them"), "\(run.errors)")
    }
}
