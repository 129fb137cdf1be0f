import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

@Suite("lxc-build update of several containers and --check on the command line, on fakepve", .serialized)
struct UpdateFleetCommandTests {
    static let mark = "- lxc-build run: 0123456789abcdef0123456789abcdef"

    @Test("two containers whose plans are refused: the plan names each, one JSON document with both refused, exit 85, nothing written")
    func refusedFleet() async throws {
        let catalog = try makeUpdateCatalog()
        try await withFakePVE { pve in
            for ctid in [150, 151] {
                try pve.call("add_ct", [ctid, "demo\(ctid)"], ["status": "running", "config": [
                    "description": "## demo\n\(Self.mark)", "tags": "community-script;demo", "rootfs": "local:\(ctid)/vm-\(ctid)-disk-0.raw,size=8G"]])
            }
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["update", "150", "151", "--catalog", catalog, "--node-shell", "local", "--yes", "--json"], environment: environment)
            #expect(run.status == BuildExitCode.fleetPartial, "\(run.errors)")
            #expect(run.json["status"] as? String == "failed" && run.json["exitCode"] as? Int == Int(BuildExitCode.fleetPartial), "\(run.output)")
            let rows = run.json["containers"] as? [[String: Any]] ?? []
            #expect(rows.map { $0["ctid"] as? Int } == [150, 151] && rows.allSatisfy { $0["outcome"] as? String == "refused" }, "\(rows)")
            #expect(rows.allSatisfy { ($0["message"] as? String)?.contains("cannot be snapshotted") == true })
            #expect(run.errors.contains("150: not updated: container 150 cannot be snapshotted"), "\(run.errors)")
            let table = try await CLITests.run(["update", "--tag", "demo", "--catalog", catalog, "--node-shell", "local", "--yes"], environment: environment)
            #expect(table.status == BuildExitCode.fleetPartial)
            #expect(table.output.hasPrefix("Update of 2 container(s), one per node at a time, the first failure starts no more:"), "\(table.output)")
            let header = table.output.split(separator: "\n").first { $0.hasPrefix("CTID") }.map { $0.split(separator: " ").map(String.init) } ?? []
            #expect(header.prefix(3) == ["CTID", "NODE", "APP"] && header.contains("OUTCOME"), "\(table.output)")
            #expect(table.output.contains("refused"))
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("--check --json without a node shell: the notes' version, the latest unknown when the API cannot be reached, nothing written")
    func checkUnreachableAPI() async throws {
        let catalog = try makeUpdateCatalog()
        let script = catalog + "/ct/demo.sh"
        try String(contentsOfFile: script, encoding: .utf8).replacingOccurrences(of: "function update_script() {", with: "function update_script() {\n  check_for_gh_release \"demo\" \"example/demo\"")
            .write(toFile: script, atomically: true, encoding: .utf8)
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": "## demo\n- Version: 1.0.0\n\(Self.mark)", "tags": "community-script;demo"]])
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["GITHUB_TOKEN"] = "ghp_CheckTokenNeverShown"
            let run = try await CLITests.run(["update", "150", "--check", "--json", "--catalog", catalog, "--node-shell", "none",
                                              "--github-api", "https://127.0.0.1:1"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let row = (run.json["containers"] as? [[String: Any]])?.first ?? [:]
            #expect(row["installed"] as? String == "1.0.0" && row["installedFrom"] as? String == "notes", "\(run.output)")
            #expect(row["repository"] as? String == "example/demo" && row["latest"] is NSNull && row["status"] as? String == "unknown")
            #expect(row["osUpdates"] is NSNull && (row["problems"] as? [String])?.first?.contains("127.0.0.1:1") == true, "\(row)")
            #expect(!run.output.contains("ghp_CheckTokenNeverShown") && !run.errors.contains("ghp_CheckTokenNeverShown"))
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("a selection that names nothing, ids with --all, --running with --stopped: 64 before anything is read")
    func selectionRefused() async throws {
        let environment = ProcessInfo.processInfo.environment
        for arguments in [["update"], ["update", "150", "--all"], ["update", "--all", "--running", "--stopped"], ["update", "--all", "--parallel", "0"]] {
            let run = try await CLITests.run(arguments, environment: environment)
            #expect(run.status == BuildExitCode.usage, "\(arguments): \(run.errors)")
        }
        let empty = try await withFakePVE { pve in
            try await CLITests.run(["update", "--tag", "nosuch", "--node-shell", "local", "--yes"], environment: CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory()))
        }
        #expect(empty.status == 0 && empty.output.contains("No container matches the selection."), "\(empty.errors)")
    }
}
