import ContainerKit
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// A node in a temporary folder: the unit and job folders, a stand-in lxc-build that records its arguments and prints
/// a fleet update's document, and a stand-in systemctl that records its arguments (systemd does not run here; the
/// units are checked by the real `systemd-analyze`).
struct ScheduleNode {
    let root: String
    let locations: ScheduleLocations
    let systemctl: String

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") }

    static func make(executableExit: Int32 = 0, systemctlFailsOn: String? = nil) throws -> ScheduleNode {
        let root = try temporaryFolder()
        let executable = root + "/bin/lxc-build"
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try ExecutableFile.write("""
            #!/bin/sh
            printf '%s\\n' "$@" > '\(root)/lxc-build.args'
            echo 'a warning on stderr' >&2
            printf '{"containers":[{"ctid":101},{"ctid":102}],"status":"partial"}\\n'
            exit \(executableExit)

            """, to: executable)
        let systemctl = root + "/bin/systemctl"
        let failing = systemctlFailsOn.map { #"[ "$1" = "\#($0)" ] && { echo "Failed to \#($0) unit: Access denied" >&2; exit 1; }"# } ?? ""
        try ExecutableFile.write("""
            #!/bin/sh
            echo "$*" >> '\(root)/systemctl.log'
            \(failing)
            [ "$1" = show ] && printf 'ActiveState=active\\nNextElapseUSecRealtime=Sun 2026-12-06 03:00:00 UTC\\n'
            exit 0

            """, to: systemctl)
        return ScheduleNode(root: root, locations: ScheduleLocations(unitFolder: root + "/units", jobFolder: root + "/schedules", executable: executable),
                            systemctl: systemctl)
    }

    var installer: ScheduleInstaller { ScheduleInstaller(shell: LocalNodeShell(configLayout: .plainLXC), locations: locations, systemctl: systemctl) }
    var systemctlCalls: [String] {
        ((try? String(contentsOfFile: root + "/systemctl.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
    func files() -> [String] {
        ["units", "schedules"].flatMap { folder in ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder)")) ?? []).map { "\(folder)/\($0)" } }.sorted()
    }
    func mode(_ path: String) -> Int? { (try? FileManager.default.attributesOfItem(atPath: root + "/" + path))?[.posixPermissions] as? Int }
    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

@Suite("Schedules: systemd timers that run update or health on the node", .enabled(if: ScheduleNode.isAvailable))
struct ScheduleTests {
    static let job = ScheduledJob(name: "nightly", command: .update, arguments: ["101", "--keep-snapshot"], calendar: "Sun 03:00",
                                  notifyURL: "https://user:s3cret@ntfy.example/updates")

    @Test("install: job file 0600, units 0644 that systemd-analyze verify accepts, then daemon-reload and enable --now; the plan is what ran")
    func install() async throws {
        let node = try ScheduleNode.make()
        defer { node.remove() }
        let plan = try await node.installer.plan(Self.job)
        #expect(plan.actions.map(\.description) == [
            "write \(node.root)/schedules/nightly.json (600)", "write \(node.root)/units/lxc-build-nightly.service (644)",
            "write \(node.root)/units/lxc-build-nightly.timer (644)",
            "check the units: systemd-analyze verify \(node.root)/units/lxc-build-nightly.service \(node.root)/units/lxc-build-nightly.timer",
            "run \(node.systemctl) daemon-reload", "run \(node.systemctl) enable --now lxc-build-nightly.timer",
        ])
        #expect(node.files().isEmpty, "planning writes nothing")
        try await node.installer.install(plan)
        #expect(node.files() == ["schedules/nightly.json", "units/lxc-build-nightly.service", "units/lxc-build-nightly.timer"])
        #expect(node.mode("schedules/nightly.json") == 0o600 && node.mode("units/lxc-build-nightly.timer") == 0o644)
        #expect(node.systemctlCalls == ["daemon-reload", "enable --now lxc-build-nightly.timer"])
        let service = try String(contentsOfFile: node.root + "/units/lxc-build-nightly.service", encoding: .utf8)
        #expect(service.contains("ExecStart=\(node.locations.executable) schedule run nightly\n"))
        #expect(!service.contains("s3cret") && !service.contains("--keep-snapshot"), "arguments and the notify address stay in the job file")
        let timer = try String(contentsOfFile: node.root + "/units/lxc-build-nightly.timer", encoding: .utf8)
        #expect(timer.contains("OnCalendar=Sun 03:00\n") && timer.contains("Persistent=true"))
        let saved = try JSONDecoder().decode(ScheduledJob.self, from: Data(contentsOf: URL(fileURLWithPath: node.root + "/schedules/nightly.json")))
        #expect(saved == Self.job)
        let report = try ReportEncoder.text(ScheduleReport(plan: plan, installed: true))
        #expect(!report.contains("s3cret") && report.contains(#""notifies" : true"#))
    }

    @Test("list shows each schedule with systemd's state; remove disables the timer and removes the three files")
    func listAndRemove() async throws {
        let node = try ScheduleNode.make()
        defer { node.remove() }
        try await node.installer.install(try await node.installer.plan(Self.job))
        let jobs = try await node.installer.list()
        #expect(jobs == [ScheduledJobStatus(name: "nightly", job: Self.job, active: true, nextRun: "Sun 2026-12-06 03:00:00 UTC", problem: nil)])
        try await node.installer.remove("nightly")
        #expect(node.files().isEmpty)
        #expect(node.systemctlCalls.suffix(2) == ["disable --now lxc-build-nightly.timer", "daemon-reload"])
        await #expect(throws: BuildError.self) { try await node.installer.remove("nightly") }
    }

    @Test("refused before any write: a calendar systemd refuses, a name in use, no lxc-build at the path, a secret argument, http:// notify")
    func refusals() async throws {
        let node = try ScheduleNode.make()
        defer { node.remove() }
        func code(_ job: ScheduledJob, locations: ScheduleLocations? = nil) async -> BuildExitCode? {
            let installer = ScheduleInstaller(shell: LocalNodeShell(configLayout: .plainLXC), locations: locations ?? node.locations, systemctl: node.systemctl)
            do { _ = try await installer.plan(job); return nil } catch { return error.exitCode }
        }
        var job = Self.job
        job.calendar = "Sun 99:00"
        #expect(await code(job) == 64)
        job = Self.job
        job.arguments = ["101", "--set", "var_pw=hunter2"]
        #expect(await code(job) == 64)
        job = Self.job
        job.notifyURL = "http://ntfy.lan/topic"
        #expect(await code(job) == 64)
        job = Self.job
        job.name = "../etc"
        #expect(await code(job) == 64)
        var missing = node.locations
        missing.executable = node.root + "/bin/none"
        #expect(await code(Self.job, locations: missing) == 64)
        #expect(node.files().isEmpty && node.systemctlCalls.isEmpty)
        try await node.installer.install(try await node.installer.plan(Self.job))
        #expect(await code(Self.job) == 64, "a schedule of the same name exists")
        #expect(try await node.installer.plan(Self.job, replace: true).actions.count == 6)
    }

    @Test("a failing systemctl: what was written is removed again and systemd reloaded; nothing half-made stays")
    func undoOnFailure() async throws {
        let node = try ScheduleNode.make(systemctlFailsOn: "enable")
        defer { node.remove() }
        do {
            try await node.installer.install(try await node.installer.plan(Self.job))
            Issue.record("the install should have failed")
        } catch {
            #expect(error.exitCode == 1 && error.message.contains("Access denied"))
        }
        #expect(node.files().isEmpty)
        #expect(node.systemctlCalls == ["daemon-reload", "enable --now lxc-build-nightly.timer", "disable --now lxc-build-nightly.timer", "daemon-reload"])
    }

    @Test("run: the job's command with --yes --json, its document and exit code in the report, POSTed to the notify address")
    func run() async throws {
        let node = try ScheduleNode.make(executableExit: 85)
        defer { node.remove() }
        try await node.installer.install(try await node.installer.plan(Self.job))
        let transport = ScriptedHTTPTransport { _, _ in HTTPResponse(status: 200) }
        let runner = ScheduledRunner(locations: node.locations, shell: LocalNodeShell(configLayout: .plainLXC), transport: transport,
                                     now: { updateTime })
        let job = try runner.load("nightly")
        let report = await runner.run(job)
        #expect(try String(contentsOfFile: node.root + "/lxc-build.args", encoding: .utf8) == "update\n101\n--keep-snapshot\n--yes\n--json\n")
        #expect(report.exitCode == 85 && report.explanation.contains("fleet update"))
        #expect(report.report?["status"]?.stringValue == "partial" && report.problem == nil)
        #expect(ScheduledRunner.summary(report) == "schedule nightly: update 101 --keep-snapshot --yes --json exited 85 (\(report.explanation)); 2 containers")
        try await runner.notify(report, to: job.notifyURL ?? "")
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST" && sent.url == "https://user:s3cret@ntfy.example/updates")
        let body = try JSONDecoder().decode(ScheduledRunReport.self, from: sent.body ?? Data())
        #expect(body == report)
    }

    @Test("run refuses a job file that others can write or that is a link, and a missing one (234)")
    func unsafeJobFile() async throws {
        let node = try ScheduleNode.make()
        defer { node.remove() }
        try await node.installer.install(try await node.installer.plan(Self.job))
        let runner = ScheduledRunner(locations: node.locations, shell: LocalNodeShell(configLayout: .plainLXC))
        let path = node.locations.jobFile("nightly")
        #expect(chmod(path, 0o666) == 0)
        #expect(throws: BuildError.self) { try runner.load("nightly") }
        #expect(chmod(path, 0o600) == 0)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".real")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".real")
        #expect(throws: BuildError.self) { try runner.load("nightly") }
        do { _ = try runner.load("other"); Issue.record("no such job") } catch { #expect(error.exitCode == 234) }
    }
}

@Suite("Schedules: what a run passes")
struct ScheduledJobArgumentTests {
    @Test("update gets --yes and --json, health only --json (it asks nothing); given ones are not repeated")
    func runArguments() {
        #expect(ScheduledJob(name: "u", command: .update, arguments: ["--all"], calendar: "daily").runArguments == ["--all", "--yes", "--json"])
        #expect(ScheduledJob(name: "u", command: .update, arguments: ["101", "-y"], calendar: "daily").runArguments == ["101", "-y", "--json"])
        #expect(ScheduledJob(name: "h", command: .health, arguments: ["--all", "--restart"], calendar: "*:0/5").runArguments
            == ["--all", "--restart", "--json"])
    }
}
