import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

/// A Swift tool gets from `--json` the data a script gets: each document decodes as its ContainerKit report type.
@Suite("--json output decodes as ContainerKit's report types", .serialized)
struct ReportDecodingTests {
    /// `run`'s standard output decoded as `Report`, which the run printed alone.
    func decoded<Report: Decodable>(_ type: Report.Type, _ run: CLITests.Run) throws -> Report {
        try JSONDecoder().decode(type, from: Data(run.output.utf8))
    }

    @Test("plan, create, list, inspect and a failure decode as PlanReport, CreateReport, ListReport, InspectReport and FailureReport")
    func documentsDecode() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["var_pw"] = "Decode-Secret-5"

            let planned = try await CLITests.run(["plan", "debian", "--os-version", "12", "--json"], environment: environment)
            #expect(planned.status == 0, "\(planned.errors)")
            let plan = try decoded(PlanReport.self, planned)
            #expect(plan.requests.first?.parameters["password"] == "********" && !planned.output.contains("Decode-Secret-5"))
            #expect(plan.node == "pve1" && !plan.actions.isEmpty && plan.nodeShellCheck == nil)
            #expect(!planned.output.contains("\\/"), "slashes are not escaped: \(planned.output)")

            let created = try await CLITests.run(["create", "debian", "--os-version", "12", "--hostname", "decoded", "--ip", "10.30.0.21/24",
                                                  "--gateway", "10.30.0.1", "--yes", "--json"], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            let create = try decoded(CreateReport.self, created)
            #expect(create.hostname == "decoded" && create.ip == "10.30.0.21" && create.status == "running")
            #expect(created.output.contains("\"warnings\" : []") || !create.warnings.isEmpty, "an empty list prints []: \(created.output)")

            let listed = try await CLITests.run(["list", "--json"], environment: environment)
            #expect(listed.status == 0, "\(listed.errors)")
            let list = try decoded(ListReport.self, listed)
            #expect(list.containers.map(\.ctid) == [create.ctid] && list.containers.first?.builtBy == "lxc-build")

            let inspected = try await CLITests.run(["inspect", String(create.ctid), "--json"], environment: environment)
            #expect(inspected.status == 0, "\(inspected.errors)")
            let inspect = try decoded(InspectReport.self, inspected)
            #expect(inspect.node == "pve1" && inspect.config.objectValue?["hostname"]?.stringValue == "decoded")

            let failed = try await CLITests.run(["create", "debian", "--os-version", "12", "--storage", "nosuch", "--json"], environment: environment)
            // A storage the node does not have is a wrong value (64), named with the storages that do hold containers.
            #expect(failed.status == 64)
            let failure = try decoded(FailureReport.self, failed)
            #expect(failure.status == "failed" && failure.error.exitCode == 64 && failure.error.message.contains("var_container_storage=nosuch"))

            let unknown = try await CLITests.run(["explain-exit", "213", "--json"], environment: environment)
            #expect(try decoded(ExplainExitReport.self, unknown).category == BuildExitCode.category(for: 213))
        }
    }

    @Test("config show --json decodes as ConfigReport, with '/' unescaped and empty lists as []")
    func configShowDecodes() async throws {
        let folder = try CLITests.temporaryDirectory()
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") }
        environment["LXC_BUILD_DEFAULTS_DIR"] = folder
        environment["var_pw"] = "Show-Secret-8"
        let shown = try await CLITests.run(["config", "show", "--json"], environment: environment)
        #expect(shown.status == 0, "\(shown.errors)")
        let report = try JSONDecoder().decode(ConfigReport.self, from: Data(shown.output.utf8))
        #expect(report.app == nil && report.settings["var_pw"]?.value == "********" && !shown.output.contains("Show-Secret-8"))
        #expect(shown.output.contains("\"warnings\" : []") && shown.output.contains("\"appKeys\" : {}"), "\(shown.output)")
        #expect(!shown.output.contains("\\/"))
    }
}
