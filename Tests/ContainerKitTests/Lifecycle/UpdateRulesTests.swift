import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// The rules `lxc-build update` checks its flags and environment by are ContainerKit's: a Swift tool gets the same
/// answers, each naming the flag or setting and its value.
@Suite("update: the flag rules and the set-up from the environment, in the library", .serialized)
struct UpdateRulesTests {
    /// The error `body` throws, which must be a usage error (64).
    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            Issue.record("not refused")
            return ""
        } catch let error as BuildError {
            #expect(error.exitCode == BuildExitCode.usage, "\(error)")
            return error.message
        } catch {
            Issue.record("not a BuildError: \(error)")
            return ""
        }
    }

    @Test("--reboot only with --os, --os not with --app, --os not with --check, --parallel at least 1")
    func flagRules() {
        var reboot = ContainerUpdate.Options()
        reboot.rebootIfRequired = true
        #expect(Self.refusal { try reboot.validate() } == "--reboot goes with --os (a restart the OS update asks for)")
        reboot.target = .os
        #expect(throws: Never.self) { try reboot.validate() }

        var osWithApp = ContainerUpdate.Options()
        osWithApp.target = .os
        osWithApp.app = "demo"
        #expect(Self.refusal { try osWithApp.validate() } == "--os updates the OS packages: --app names an app's update")

        var os = ContainerUpdate.Options()
        os.target = .os
        #expect(Self.refusal { try UpdateCheck.Options(update: os).validate() } == "--os and --check: --check already says whether OS updates are pending")
        #expect(throws: Never.self) { try UpdateCheck.Options().validate() }

        var fleet = FleetUpdate.Options()
        fleet.parallel = 0
        #expect(Self.refusal { try fleet.validate() } == "--parallel 0: give 1 or more")
        fleet.parallel = 1
        #expect(throws: Never.self) { try fleet.validate() }
        fleet.update = reboot.with { $0.target = .app }
        #expect(Self.refusal { try fleet.validate() }.hasPrefix("--reboot"), "each container's options are checked too")
    }

    @Test("--running and --stopped exclude each other; either alone narrows the selection; one id and no flag is the single update")
    func runningOrStopped() throws {
        #expect(Self.refusal { _ = try ContainerSelection.status(running: true, stopped: true) } == "--running and --stopped exclude each other")
        #expect(try ContainerSelection.status(running: true, stopped: false) == .running)
        #expect(try ContainerSelection.status(running: false, stopped: true) == .stopped)
        #expect(try ContainerSelection.status(running: false, stopped: false) == nil)
        #expect(ContainerSelection(ids: [150]).singleContainer == 150)
        #expect(ContainerSelection(ids: [150], status: .running).singleContainer == nil && ContainerSelection(ids: [150, 151]).singleContainer == nil)
    }

    @Test("--check's GitHub API: the flag, else LXC_BUILD_GITHUB_API, else api.github.com, https only; the token from var_github_token, else GITHUB_TOKEN")
    func githubAPI() throws {
        let update = ContainerUpdate.Options()
        #expect(try UpdateCheck.Options(update: update, githubAPI: nil, environment: [:]).githubAPI == "https://api.github.com")
        let fromEnvironment = try UpdateCheck.Options(update: update, githubAPI: nil, environment: ["LXC_BUILD_GITHUB_API": "https://mirror.example"])
        #expect(fromEnvironment.githubAPI == "https://mirror.example")
        let flagFirst = try UpdateCheck.Options(update: update, githubAPI: "https://flag.example", environment: ["LXC_BUILD_GITHUB_API": "http://plain"])
        #expect(flagFirst.githubAPI == "https://flag.example", "the flag wins over the environment, which is then not read")
        #expect(try UpdateCheck.Options(update: update, githubAPI: nil, environment: ["LXC_BUILD_GITHUB_API": ""]).githubAPI == "https://api.github.com")
        #expect(Self.refusal { _ = try UpdateCheck.Options(update: update, githubAPI: "http://127.0.0.1:1", environment: [:]) }
            == "--github-api http://127.0.0.1:1: an https:// URL")
        #expect(Self.refusal { _ = try UpdateCheck.Options(update: update, githubAPI: nil, environment: ["LXC_BUILD_GITHUB_API": "http://127.0.0.1:1"]) }
            == "LXC_BUILD_GITHUB_API 'http://127.0.0.1:1': an https:// URL")
        let tokens = ["var_github_token": "first", "GITHUB_TOKEN": "second"]
        #expect(try UpdateCheck.Options(update: update, githubAPI: nil, environment: tokens).githubToken == "first")
        #expect(try UpdateCheck.Options(update: update, githubAPI: nil, environment: ["var_github_token": "", "GITHUB_TOKEN": "second"]).githubToken == "second")
        #expect(try UpdateCheck.Options(update: update, githubAPI: nil, environment: [:]).githubToken == nil)
        var set = UpdateCheck.Options()
        set.githubAPI = "ftp://x"
        #expect(Self.refusal { try set.validate() } == "the GitHub API 'ftp://x': an https:// URL")
    }

    @Test("prepared: a catalog folder, var_ignore_os_mismatch, the log folder made, the environment's secrets masked, stopped ones started")
    func preparedFromTheEnvironment() throws {
        let catalog = try makeUpdateCatalog()
        let logs = try temporaryFolder() + "/logs"
        let environment = ["LXC_BUILD_LOG_DIR": logs, "var_ignore_os_mismatch": "on", "var_github_token": "s3cr3t-token"]
        let options = try ContainerUpdate.Options().prepared(environment: environment, catalog: catalog)
        #expect(options.catalogDirectory == catalog && options.fetchCatalog == nil)
        #expect(options.ignoreOSMismatch && options.startStopped && options.logDirectory == logs)
        #expect(FileManager.default.fileExists(atPath: logs), "the log folder is made before anything changes")
        #expect(!options.redactor.redact("token s3cr3t-token").contains("s3cr3t-token"))

        let checkLogs = try temporaryFolder() + "/check-logs"
        let checking = try ContainerUpdate.Options().prepared(environment: ["LXC_BUILD_LOG_DIR": checkLogs], catalog: catalog, checkOnly: true)
        #expect(checking.logDirectory == checkLogs && !FileManager.default.fileExists(atPath: checkLogs), "--check writes no log")
    }

    @Test("prepared refuses, naming the setting and its value: an unknown catalog folder, var_ignore_os_mismatch not yes/no, an unsafe log folder, the flags' rules")
    func preparedRefuses() throws {
        let missing = "/nonexistent/catalog-\(UUID().uuidString.prefix(6))"
        #expect(Self.refusal { _ = try ContainerUpdate.Options().prepared(environment: [:], catalog: missing) }.hasPrefix("--catalog '\(missing)'"))
        #expect(Self.refusal { _ = try ContainerUpdate.Options().prepared(environment: ["LXC_BUILD_CATALOG": missing], catalog: nil) }
            .hasPrefix("LXC_BUILD_CATALOG '\(missing)'"))
        let catalog = try makeUpdateCatalog()
        #expect(Self.refusal { _ = try ContainerUpdate.Options().prepared(environment: ["var_ignore_os_mismatch": "sure"], catalog: catalog) }
            .contains("var_ignore_os_mismatch"))
        let open = try temporaryFolder() + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
        let unsafe = Self.refusal { _ = try ContainerUpdate.Options().prepared(environment: ["LXC_BUILD_LOG_DIR": open], catalog: catalog) }
        #expect(unsafe.contains("LXC_BUILD_LOG_DIR") && unsafe.contains(open), "\(unsafe)")
        var reboot = ContainerUpdate.Options()
        reboot.rebootIfRequired = true
        #expect(Self.refusal { _ = try reboot.prepared(environment: [:], catalog: catalog) }.hasPrefix("--reboot"))
    }

    @Test("prepared with a catalog URL: fetched per app once asked, the folder handed to the caller to remove, where it came from announced")
    func preparedFetchesACatalog() async throws {
        let source = try makeUpdateCatalog()
        let server = try FakePVE.startScripted(serving: source)
        defer { server.stop() }
        let announced = Recorded<String>()
        let fetched = Recorded<String>()
        let options = try ContainerUpdate.Options().prepared(
            environment: [CatalogSource.caFileVariable: server.info.caFile, "LXC_BUILD_LOG_DIR": try temporaryFolder()],
            catalog: server.info.url + "/catalog", announce: { announced.record($0) }, fetchedFolder: { fetched.record($0) })
        #expect(options.catalogDirectory == nil && fetched.all.isEmpty, "nothing is fetched before the app is known")
        let fetch = try #require(options.fetchCatalog)
        let folder = try #require(try await fetch("demo"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(FileManager.default.fileExists(atPath: folder + "/ct/demo.sh") && FileManager.default.fileExists(atPath: folder + "/misc/build.func"))
        #expect(fetched.all == [folder])
        #expect(announced.all == ["app demo: read from \(server.info.url)/catalog"])
    }

    @Test("the fleet's summary is read from each plan's actions: protection, what is updated, a start, raised resources")
    func fleetSummary() {
        let target = FleetSelection.Target(ctid: 150, node: "pve1", status: "running")
        func entry(_ actions: [UpdateAction], target kind: UpdateTarget = .app) -> FleetPlan.Entry {
            FleetPlan.Entry(target: target, plan: UpdatePlan(ctid: 150, node: "pve1", app: "demo", appSource: "--app", appName: "Demo", actions: actions,
                                                             script: "", functions: "", notes: "", target: kind), refusal: nil)
        }
        let update = UpdateAction.updateApp(app: "demo", ctid: 150, shell: "local")
        let resources = UpdateResources(cores: 1, raisedCores: 2, memory: nil, raisedMemory: nil)
        #expect(entry([.snapshot(ctid: 150, name: "s1", volumes: "rootfs"), update, .rollBackOnFailure(snapshot: "s1")]).summary
            == "150: Demo (demo) on pve1; snapshot s1, rolled back on failure; app update")
        #expect(entry([.snapshot(ctid: 150, name: "s1", volumes: "rootfs"), update]).summary == "150: Demo (demo) on pve1; snapshot s1; app update")
        #expect(entry([.backUp(ctid: 150, storage: "nas"), update, .restoreBackupOnFailure(ctid: 150)]).summary
            == "150: Demo (demo) on pve1; backup to nas first; app update")
        #expect(entry([.backUp(ctid: 150, storage: "nas"), update]).summary == "150: Demo (demo) on pve1; backup to nas first (not restored on failure); app update")
        #expect(entry([.raiseResources(app: "demo", resources: resources), .startStopped(ctid: 150, target: .os),
                       .updateOS(ctid: 150, shell: "local", manager: nil, os: nil)], target: .os).summary
            == "150: Demo (demo) on pve1; no snapshot and no backup; OS update; stopped: started for its update and stopped again; cores 1 → 2 during the update")
        let refused = FleetPlan.Entry(target: target, plan: nil, refusal: BuildError(exitCode: .usage, message: "no app"))
        let plan = FleetPlan(entries: [refused, entry([update])], parallel: 2, continueOnError: true)
        #expect(plan.summary == ["150: not updated: no app", "150: Demo (demo) on pve1; no snapshot and no backup; app update"])
        #expect(plan.planned.count == 1 && plan.refused.count == 1 && plan.concurrencyDescription == "at most 2 at a time, going on after a failure")
    }
}

extension ContainerUpdate.Options {
    /// These options changed by `change`.
    fileprivate func with(_ change: (inout Self) -> Void) -> Self {
        var options = self
        change(&options)
        return options
    }
}
