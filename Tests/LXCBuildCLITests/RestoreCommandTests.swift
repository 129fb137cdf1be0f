import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

@Suite("lxc-build restore on the command line, on fakepve", .serialized)
struct RestoreCommandTests {
    @Test("restore ARCHIVE --yes --json: one RestoreReport; over a foreign container 77 before any write; CTID without --latest 64")
    func restore() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [160, "mine"], ["config": ["description": "my own box"]])
            let name = "vzdump-lxc-160-2026_12_01-10_35_00.tar.zst"
            try pve.call("store_file", ["local", name, 4096], ["content": "backup"])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let foreign = try await CLITests.run(["restore", "160", "--latest", "--force", "--yes", "--json"], environment: environment)
            let error = foreign.json["error"] as? [String: Any]
            #expect(foreign.status == BuildExitCode.permissionDenied && (error?["message"] as? String)?.contains("not built by lxc-build") == true,
                    "\(foreign.output) \(foreign.errors)")
            let noLatest = try await CLITests.run(["restore", "160"], environment: environment)
            #expect(noLatest.status == 64 && noLatest.errors.contains("--latest"))
            #expect(try pve.writes().isEmpty, "refusals before any write")

            let run = try await CLITests.run(["restore", "local:backup/\(name)", "--start", "--yes", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.output) \(run.errors)")
            let report = try JSONDecoder().decode(RestoreReport.self, from: Data(run.output.utf8))
            #expect(report.ctid == 100 && report.archive == "local:backup/\(name)" && report.status == "restored" && report.started)
            #expect(report.replaced == nil && report.backup == nil)
            #expect(run.output.contains("\"replaced\":null") || run.output.contains("\"replaced\" : null"), "\(run.output)")
        }
    }
}
