import ContainerKitTestSupport
import ConfigResolution
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Encodes `report` as the CLI prints it, checks the document decodes back to the same report, and gives the text.
func roundTrip<Report: Codable & Equatable>(_ report: Report) throws -> String {
    let text = try ReportEncoder.text(report)
    #expect(try JSONDecoder().decode(Report.self, from: Data(text.utf8)) == report, "\(text)")
    return text
}

/// The document's top-level object, as a script reads it.
func members(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Every `--json` document is the encoding of a ContainerKit report type built from the workflow's typed results:
/// each encodes as the CLI prints it and decodes back to the same value, with its missing values as `null`.
@Suite("--json documents are Codable reports", .serialized)
struct ReportRoundTripTests {
    @Test("the encoder: keys sorted, '/' unescaped, empty lists and objects on one line")
    func encoderLayout() throws {
        let report = ConfigDiffReport(diff: AppDefaultsDiff(app: try AppProfile(name: "demo"), path: "/usr/local/community-scripts/defaults/demo.vars",
                                                            old: nil, new: []))
        let text = try roundTrip(report)
        #expect(text.contains("\"path\" : \"/usr/local/community-scripts/defaults/demo.vars\""), "\(text)")
        #expect(text.contains("\"changes\" : []"), "\(text)")
        #expect(!text.contains("\\/"))
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["app", "changes", "fileExists", "hasDifferences", "path"])
        #expect(try ReportEncoder.text(NodesReport(nodes: []), pretty: false) == #"{"nodes":[]}"#)
    }

    @Test("create and plan: the built container's report and the plan's, secrets masked, a missing address null")
    func createAndPlan() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec(address: "10.20.0.9/24")
            spec.password = "Report-Secret-7"
            let plan = try await pve.builder().plan(spec)
            let planText = try roundTrip(try PlanReport(plan: plan))
            let planReport = try PlanReport(plan: plan)
            #expect(planReport.requests.first.map { "\($0.method) \($0.path)" } == "POST /nodes/pve1/lxc")
            #expect(planReport.requests.first?.parameters["password"] == "********")
            #expect(!planText.contains("Report-Secret-7"))
            #expect(planReport.actions.map(\.kind) == plan.actions.map(\.kind.rawValue) && !planReport.actions.isEmpty)
            #expect(try members(planText)["nodeShellCheck"] is NSNull)

            var result = try await pve.builder().create(spec)
            let createText = try roundTrip(CreateReport(result: result))
            #expect(try members(createText)["ip"] as? String == "10.20.0.9")
            #expect(CreateReport(result: result).storage == result.containerStorage)
            result.ip = nil
            #expect(try members(try roundTrip(CreateReport(result: result)))["ip"] is NSNull, "a missing address is null, not left out")
        }
    }

    @Test("a failure: message, hint, exit code, explanation and category; the hint null when there is none")
    func failure() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = staticSpec()
            spec.containerStorage = "nosuch"
            let error = await #expect(throws: BuildError.self) { _ = try await pve.builder().plan(spec) }
            let failure = try #require(error)
            let text = try roundTrip(FailureReport(failure))
            let document = try members(text)
            #expect(document["status"] as? String == "failed" && document["app"] == nil)
            let object = try #require(document["error"] as? [String: Any])
            #expect(object["exitCode"] as? Int == Int(failure.exitCode.rawValue) && object["category"] as? String == BuildExitCode.category(for: failure.exitCode))
            #expect(object["explanation"] as? String == failure.explanation && object["message"] as? String == failure.description)
            #expect(object.keys.contains("hint"))
            let hinted = BuildError(exitCode: BuildExitCode.usage, message: "no", hint: "say yes")
            #expect(try roundTrip(FailureReport(hinted, app: "demo")).contains("\"hint\" : \"say yes\""))
        }
    }

    @Test("list, inspect, nodes, storage and templates from what the API answered")
    func clusterReports() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [101, "web"], ["status": "running", "config": [
                "description": lxcBuildNotes(app: "demo", version: "1.4.2"), "tags": "community-script;demo",
                "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.51/24"]])
            try pve.call("add_ct", [102, "jelly"], ["status": "stopped", "config": [
                "description": communityNotes(app: "Jellyfin Media Server", slug: "jellyfin"), "tags": "community-script;media"]])
            let client = try pve.passwordClient()

            let listText = try roundTrip(ListReport(listing: try await ContainerList.read(client: client)))
            let listed = try #require(try members(listText)["containers"] as? [[String: Any]])
            #expect(listed.map { $0["ctid"] as? Int } == [101, 102])
            #expect(listed[0]["address"] as? String == "10.0.0.51" && listed[0]["builtBy"] as? String == "lxc-build")
            #expect(listed[1]["address"] is NSNull && listed[1]["version"] is NSNull)

            let (node, config, status) = try await ContainerLookup.read(101, given: nil, client: client)
            let inspectText = try roundTrip(InspectReport(ctid: 101, node: node, config: config, status: status))
            let inspected = try members(inspectText)
            #expect(inspected["status"] as? String == "running" && (inspected["config"] as? [String: Any])?["hostname"] as? String == "web")

            let nodesText = try roundTrip(NodesReport(nodes: try await client.nodes()))
            #expect((try members(nodesText)["nodes"] as? [[String: Any]])?.first?["node"] as? String == "pve1")

            let storages = try await client.node(node).storages()
            let storageText = try roundTrip(StorageReport(node: node, nodeReason: "given", storages: storages))
            #expect((try members(storageText)["storages"] as? [[String: Any]])?.count == storages.count && !storages.isEmpty)

            let items = try await client.node(node).storageContent("local", content: "vztmpl")
            let templates = items.compactMap { TemplateName($0.fileName) }.map { TemplatesReport.Template($0, source: "local") }
            let templatesText = try roundTrip(TemplatesReport(node: node, nodeReason: "given", templates: templates))
            #expect((try members(templatesText)["templates"] as? [[String: Any]])?.first?["os"] as? String == "debian")
        }
    }

    @Test("destroy and explain-exit")
    func smallReports() throws {
        #expect(try members(try roundTrip(DestroyReport(ctid: 101, node: "pve1")))["status"] as? String == "destroyed")
        let explained = ExplainExitReport(code: 213)
        #expect(try members(try roundTrip(explained))["explanation"] as? String == BuildExitCode.explanation(for: 213))
        let table = ExitCodeTableReport()
        _ = try roundTrip(table)
        #expect(table.codes.count == BuildExitCode.documented.count && table.codes.allSatisfy { $0.codes.count == $0.categories.count })
    }

    @Test("config show, save and diff, and a resolution that fails: secrets masked, unset values null")
    func configReports() throws {
        let folder = try temporaryFolder()
        let environment = ["LXC_BUILD_DEFAULTS_DIR": folder, "var_pw": "Config-Secret-3"]
        let loader = ConfigLoader(environment: environment)
        let resolved = try loader.resolve(mode: .advanced, app: try AppProfile(name: "demo"), commandLine: ["var_cpu=2"], unset: ["var_gateway"])
        let showText = try roundTrip(ConfigReport(resolved: resolved, scriptWarnings: ["line 3 not taken"]))
        #expect(!showText.contains("Config-Secret-3"))
        let settings = try #require(try members(showText)["settings"] as? [String: [String: Any]])
        #expect(settings["var_cpu"]?["value"] as? String == "2" && settings["var_cpu"]?["source"] as? String == "flag")
        #expect(settings["var_gateway"]?["value"] is NSNull && settings["var_gateway"]?["unset"] as? Bool == true)
        #expect(settings["var_cpu"]?["unset"] == nil)
        #expect(try members(showText)["warnings"] as? [String] == ["line 3 not taken"])

        let saved = try loader.saveAppDefaults(resolved)
        let saveText = try roundTrip(ConfigSaveReport(result: saved))
        #expect(!saveText.contains("Config-Secret-3") && saveText.contains("\"mode\" : \"0600\""), "\(saveText)")
        let diffText = try roundTrip(ConfigDiffReport(diff: try loader.appDefaultsDiff(for: resolved)))
        #expect(try members(diffText)["hasDifferences"] as? Bool == false)

        let error = #expect(throws: ConfigError.self) { _ = try loader.resolve(mode: .advanced, app: nil, commandLine: ["var_mtu=99"]) }
        let failureText = try roundTrip(ConfigFailureReport(error: try #require(error), app: nil, mode: "advanced"))
        let failure = try members(failureText)
        #expect(failure["app"] is NSNull && failure["status"] as? String == "failed" && (failure["errors"] as? [String])?.isEmpty == false)
        #expect((failure["error"] as? [String: Any])?["exitCode"] as? Int == 64)
    }
}

@Suite("update --json is a Codable report", .serialized, .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct UpdateReportTests {
    @Test("the update's report: the snapshot taken, not kept, the new version, no backup (null)")
    func updateReport() async throws {
        try await withUpdateSetup { container, _, update in
            let result = try await update.execute(try await update.plan(ctid: container.ctid))
            let text = try roundTrip(UpdateReport(result: result))
            let document = try members(text)
            #expect(document["snapshot"] as? String == updateSnapshot && document["snapshotKept"] as? Bool == false)
            #expect(document["version"] as? String == "2.0.0" && document["backupStorage"] is NSNull && document["status"] as? String == "updated")
        }
    }
}
