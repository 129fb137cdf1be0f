import Foundation
import Testing
import LXCBuildTestSupport
@testable import ProxmoxAPI

@Suite("Task waiter")
struct TaskWaiterTests {
    static let upid = "UPID:pve2:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:"

    func status(_ state: String, _ exit: String? = nil) -> APIResponse {
        var data: [String: JSONValue] = ["upid": .string(Self.upid), "status": .string(state), "type": "vzcreate"]
        if let exit { data["exitstatus"] = .string(exit) }
        return ok(.object(data))
    }

    func log(_ lines: [String]) -> APIResponse {
        ok(.array(lines.enumerated().map { ["n": .integer(Int64($0.offset + 1)), "t": .string($0.element)] }), extra: ["total": .integer(Int64(lines.count))])
    }

    @Test("polls the UPID's own node until the task stops OK, backing off on the injected clock")
    func success() async throws {
        let transport = ScriptedAPITransport { _, index in
            index < 3 ? self.status("running") : self.status("stopped", "OK")
        }
        let client = ProxmoxClient(transport: transport, retryPolicy: .none)
        let clock = ManualClock()
        let outcome = try await TaskWaiter(clock: clock).wait(for: try UPID(parsing: Self.upid), client: client)
        #expect(outcome.exitStatus == "OK")
        #expect(outcome.warnings.isEmpty)
        #expect(transport.requests.allSatisfy { $0.path.hasPrefix("/nodes/pve2/tasks/") })
        #expect(clock.sleptDurations == [.milliseconds(200), .milliseconds(300), .milliseconds(450)])
    }

    @Test("WARNINGS: n is success, with the WARN lines of the log")
    func warnings() async throws {
        let transport = ScriptedAPITransport { request, _ in
            request.path.hasSuffix("/log")
                ? self.log(["extracting archive", "WARN: Systemd 255 detected. You may need to enable nesting.", "TASK WARNINGS: 1"])
                : self.status("stopped", "WARNINGS: 1")
        }
        let outcome = try await TaskWaiter(clock: ManualClock()).wait(
            for: try UPID(parsing: Self.upid), client: ProxmoxClient(transport: transport, retryPolicy: .none))
        #expect(outcome.exitStatus == "WARNINGS: 1")
        #expect(outcome.warnings == ["WARN: Systemd 255 detected. You may need to enable nesting.", "TASK WARNINGS: 1"])
    }

    @Test("a failed task throws taskFailed carrying the last lines of its log")
    func failure() async throws {
        let lines = (1...30).map { "line \($0)" } + ["TASK ERROR: unable to create CT 120 - no space left"]
        let transport = ScriptedAPITransport { request, _ in
            request.path.hasSuffix("/log") ? self.log(lines) : self.status("stopped", "unable to create CT 120 - no space left")
        }
        do {
            _ = try await TaskWaiter(clock: ManualClock()).wait(
                for: try UPID(parsing: Self.upid), client: ProxmoxClient(transport: transport, retryPolicy: .none))
            Issue.record("expected failure")
        } catch {
            #expect(error.code == .taskFailed)
            #expect(error.message.contains("unable to create CT 120"))
            #expect(error.taskLog.count == 20)
            #expect(error.taskLog.last == "TASK ERROR: unable to create CT 120 - no space left")
            #expect(error.upid == Self.upid)
        }
    }

    @Test("'no such task' just after creation is tolerated")
    func notYetVisible() async throws {
        let transport = ScriptedAPITransport { _, index in
            index < 2
                ? APIResponse(status: 400, reason: "Parameter verification failed.", body: ["data": nil, "errors": ["upid": "no such task"]])
                : self.status("stopped", "OK")
        }
        let outcome = try await TaskWaiter(clock: ManualClock()).wait(
            for: try UPID(parsing: Self.upid), client: ProxmoxClient(transport: transport, retryPolicy: .none))
        #expect(outcome.exitStatus == "OK")
        #expect(transport.requests.count == 3)
    }

    @Test("'no such task' beyond the grace period is an error")
    func unknownTask() async throws {
        let transport = ScriptedAPITransport { _, _ in
            APIResponse(status: 400, reason: "Parameter verification failed.", body: ["data": nil, "errors": ["upid": "no such task"]])
        }
        var waiter = TaskWaiter(clock: ManualClock())
        waiter.unknownTaskGrace = .seconds(1)
        await #expect(throws: ProxmoxError.self) {
            try await waiter.wait(for: try UPID(parsing: Self.upid), client: ProxmoxClient(transport: transport, retryPolicy: .none))
        }
        #expect(transport.requests.count > 2)
    }

    @Test("a task that keeps running ends in a timeout error that names it")
    func timeout() async throws {
        let transport = ScriptedAPITransport { _, _ in self.status("running") }
        do {
            _ = try await TaskWaiter(clock: ManualClock()).wait(
                for: try UPID(parsing: Self.upid), client: ProxmoxClient(transport: transport, retryPolicy: .none), timeout: .seconds(30))
            Issue.record("expected timeout")
        } catch {
            #expect(error.code == .timeout)
            #expect(error.upid == Self.upid)
        }
    }
}
