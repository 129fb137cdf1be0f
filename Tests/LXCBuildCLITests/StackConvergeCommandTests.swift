import Foundation
import LXCBuildTestSupport
import Testing

/// `apply --prune`, `--converge` and `--detailed-exitcode` as scripts use them, against a three-node fakepve.
@Suite("apply --prune, --converge and --detailed-exitcode against fakepve", .serialized)
struct StackConvergeCommandTests {
    @Test("--detailed-exitcode: 2 while the stack differs from its file (an orphan, drift), 0 once --prune and --converge made it equal")
    func detailedExitcode() async throws {
        try await withFakePVE(extraNodes: ["pve2", "pve3"]) { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try StackCommandTests.setUp(pve)
            let first = try await CLITests.run(["apply", file, "--yes", "--json", "--detailed-exitcode"], environment: environment)
            #expect(first.status == 0, "created as the file says, nothing differs afterwards: \(first.errors)")
            let planned = try await CLITests.run(["apply", file, "--plan", "--detailed-exitcode"], environment: environment)
            #expect(planned.status == 0, "\(planned.errors)")

            // web3 leaves the file, web1 asks for more memory.
            let edited = StackCommandTests.stack
                .replacingOccurrences(of: "  web3:\n    settings: {var_net: 10.0.0.13/24}", with: "")
                .replacingOccurrences(of: "{var_net: 10.0.0.11/24}", with: "{var_net: 10.0.0.11/24, var_ram: 1024}")
            try edited.write(toFile: file, atomically: true, encoding: .utf8)
            let writes = try pve.writes().count
            let plan = try await CLITests.run(["apply", file, "--plan", "--json", "--detailed-exitcode"], environment: environment)
            #expect(plan.status == 2, "\(plan.errors)")
            let orphans = plan.json["orphans"] as? [[String: Any]] ?? []
            #expect(orphans.map { $0["name"] as? String } == ["web3"] && orphans.first?["action"] as? String == "left")
            let text = try await CLITests.run(["apply", file, "--plan"], environment: environment)
            #expect(text.status == 0 && text.output.contains("orphan web3: container") && text.output.contains("--prune"), "\(text.output)")
            #expect(text.output.contains("drift: memory is 512, the stack file says 1024 (not changed; --converge changes it)"), "\(text.output)")

            let plain = try await CLITests.run(["apply", file, "--yes"], environment: environment)
            #expect(plain.status == 0 && plain.output.contains("existing, drift"), "drift alone exits 0, reported: \(plain.output)")
            let reported = try await CLITests.run(["apply", file, "--yes", "--detailed-exitcode"], environment: environment)
            #expect(reported.status == 2, "drift and an orphan left: \(reported.errors)")
            #expect(try pve.writes().count == writes, "without --converge and --prune nothing is written")

            let converged = try await CLITests.run(["apply", file, "--yes", "--json", "--converge", "--prune", "--detailed-exitcode"],
                                                   environment: environment)
            #expect(converged.status == 0, "\(converged.errors)")
            let web1 = StackCommandTests.containers(converged).first { $0["name"] as? String == "web1" }
            #expect(web1?["converged"] as? Bool == true && (web1?["changes"] as? [[String: Any]])?.first?["method"] as? String == "PUT")
            let removed = converged.json["orphans"] as? [[String: Any]] ?? []
            #expect(removed.first?["action"] as? String == "removed" && (removed.first?["backup"] as? String)?.contains("vzdump-lxc-") == true)

            let after = try await CLITests.run(["apply", file, "--plan", "--detailed-exitcode"], environment: environment)
            #expect(after.status == 0, "\(after.output)")
            #expect(try await pve.containerIDs().count == 2)
        }
    }

    @Test("--no-backup and --backup-storage without --prune, or together: refused (64) before anything is read")
    func backupFlagsNeedPrune() async throws {
        try await withFakePVE { pve in
            let (file, environment) = try StackCommandTests.setUp(pve)
            let both = try await CLITests.run(["apply", file, "--prune", "--no-backup", "--backup-storage", "local"], environment: environment)
            #expect(both.status == 64 && both.errors.contains("use one"), "\(both.errors)")
            let backup = try await CLITests.run(["apply", file, "--no-backup"], environment: environment)
            #expect(backup.status == 64 && backup.errors.contains("go with --prune"), "\(backup.errors)")
            #expect(try pve.requests().isEmpty)
        }
    }
}
