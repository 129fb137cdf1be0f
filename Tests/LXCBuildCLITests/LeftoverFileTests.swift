import Foundation
import LXCBuildTestSupport
import Testing

/// What a run leaves in the temporary folder: the build log only when the run failed, never a fetched catalog.
@Suite("Files a run leaves behind", .serialized)
struct LeftoverFileTests {
    static func leftovers(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("lxc-build-") }.sorted()
    }

    @Test("a create that succeeds or stops before any write keeps no log (text and --json); one that failed after a write keeps it and names it")
    func buildLog() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let temporary = try CLITests.temporaryDirectory()
            environment["TMPDIR"] = temporary
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            for (index, json) in [false, true].enumerated() {
                let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.30.0.\(20 + index)/24", "--yes"]
                                                 + (json ? ["--json"] : []), environment: environment)
                #expect(run.status == 0, "\(run.errors)")
                #expect(!run.errors.contains("Full log"))
            }
            let afterSuccess = try Self.leftovers(temporary)
            #expect(afterSuccess.isEmpty, "\(afterSuccess)")
            // Stopped before any write (an unknown setting, a storage that is not there): no log, none named.
            for arguments in [["--json", "--set", "cpuu=2"], ["--storage", "nosuch", "--json"], ["--storage", "nosuch"]] {
                let refused = try await CLITests.run(["create", "debian", "--os-version", "12"] + arguments, environment: environment)
                #expect(refused.status == 64, "\(refused.errors)")
                #expect(!refused.errors.contains("Full log"), "\(arguments): \(refused.errors)")
            }
            let afterRefusals = try Self.leftovers(temporary)
            #expect(afterRefusals.isEmpty, "\(afterRefusals)")
            // A failure after a write (the container made, its start refused) keeps the log.
            try pve.failStarts("startup failed")
            let failed = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.30.0.22/24", "--yes", "--json"],
                                                environment: environment)
            #expect(failed.status != 0 && failed.status != 64, "\(failed.errors)")
            let logs = try Self.leftovers(temporary)
            #expect(logs.count == 1 && logs.allSatisfy { $0.hasSuffix(".log") }, "\(logs)")
            #expect(failed.errors.contains("Full log: \(temporary)/\(logs.first ?? "?")"), "the kept log is named, with --json too: \(failed.errors)")
        }
    }

    @Test("a catalog fetched from a URL is removed when the command ends, after success and after failure")
    func catalogFolder() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let catalog = try CLITests.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
            try "APP=\"Web Thing\"\nvar_version=\"${var_version:-12}\"\n".write(toFile: catalog + "/ct/webthing.sh", atomically: true, encoding: .utf8)
            let server = try FakePVE.startScripted(serving: catalog)
            defer { server.stop() }
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["LXC_BUILD_CATALOG_CA_FILE"] = server.info.caFile
            let temporary = try CLITests.temporaryDirectory()
            environment["TMPDIR"] = temporary
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            let url = server.info.url + "/catalog"
            let plan = try await Self.run(["plan", "webthing", "--catalog", url, "--no-install"], environment)
            #expect(plan.status == 0, "\(plan.errors)")
            let create = try await Self.run(["create", "webthing", "--catalog", url, "--ip", "10.30.0.30/24", "--no-install", "--json"], environment)
            #expect(create.status == 0, "\(create.errors)")
            let failed = try await Self.run(["create", "webthing", "--catalog", url, "--storage", "nosuch", "--no-install", "--json"], environment)
            #expect(failed.status == 64, "\(failed.errors)")
            let missing = try await Self.run(["plan", "nosuchapp", "--catalog", url], environment)
            #expect(missing.status == 64)
            let left = try Self.leftovers(temporary)
            #expect(left.allSatisfy { $0.hasSuffix(".log") }, "\(left)")
        }
    }

    static func run(_ arguments: [String], _ environment: [String: String]) async throws -> CLITests.Run {
        try await CLITests.run(arguments, environment: environment)
    }
}
