import ContainerKit
import Foundation
import Testing

@Suite("lxc-build schedule on the command line: every refusal before anything is written")
struct ScheduleCommandTests {
    static let environment = ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": NSTemporaryDirectory()]

    @Test("refusals: update's own argument check, a secret, http:// notify, a calendar, a bad name, no node shell; 64 with --json's error")
    func refusals() async throws {
        let cases: [([String], String)] = [
            (["schedule", "update", "--on", "daily", "101", "--bogus"], "Unknown option '--bogus'"),
            (["schedule", "update", "--on", "daily", "--node-shell", "local", "--name", "../x", "101"], "schedule name '../x' is not valid"),
            (["schedule", "update", "--on", "Sun 03:00;reboot", "--node-shell", "local", "101"], "is not a calendar expression"),
            (["schedule", "update", "--on", "daily", "--node-shell", "local", "--notify", "http://ntfy.lan/t", "101"], "is not an https:// address"),
            (["schedule", "update", "--on", "daily", "--node-shell", "none", "101"], "--node-shell is none"),
            (["schedule", "update", "--on", "daily", "--node-shell", "local", "--executable", "/nonexistent/lxc-build", "101"],
             "/nonexistent/lxc-build is not an executable on the node"),
        ]
        for (arguments, expected) in cases {
            let result = try await CLITests.run(arguments + ["--json"], environment: Self.environment)
            #expect(result.status == 64, "\(arguments): \(result.errors)")
            let error = result.json["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.contains(expected) == true, "\(arguments): \(result.output)")
            #expect(error?["exitCode"] as? Int == 64)
        }
        let calendar = try await CLITests.run(["schedule", "update", "--on", "Sun 99:00", "--node-shell", "local", "101"], environment: Self.environment)
        #expect(calendar.status == 64 && calendar.errors.contains("refused by systemd"), "\(calendar.errors)")
    }

    @Test("run: a schedule with no job file is 234, named")
    func runMissing() async throws {
        let result = try await CLITests.run(["schedule", "run", "no-such-schedule-\(UInt16.random(in: 0...9999))", "--json"], environment: Self.environment)
        #expect(result.status == 234)
        #expect(((result.json["error"] as? [String: Any])?["message"] as? String)?.contains("/etc/lxc-build/schedules/no-such-schedule") == true)
    }
}
