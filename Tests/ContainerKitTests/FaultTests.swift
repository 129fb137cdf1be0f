import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Faults injected at each step of a create: every run either retries to success (only where that is safe) or
/// fails with the right exit code, leaves no container it created, and ends in bounded time.
/// The scenario list is kept in Docs/faults.md.
@Suite("Faults at every step", .serialized)
struct FaultTests {
    struct Scenario: Sendable, CustomStringConvertible {
        let name: String
        /// fakepve `fail(method, path, ...)` arguments and keyword arguments.
        let fault: (args: [String], kwargs: [String: Int], status: Int?, message: String?, error: String?)
        /// `nil`: the run succeeds; else the exit code.
        let exitCode: BuildExitCode?
        /// Instead of a path fault: every container start fails with this task error (``FakePVE/failStarts(_:)``).
        var startError: String?
        var description: String { name }
    }

    static func fail(_ method: String, _ path: String, status: Int, _ message: String, times: Int? = nil) -> (args: [String], kwargs: [String: Int], status: Int?, message: String?, error: String?) {
        ([method, path], times.map { ["times": $0] } ?? [:], status, message, nil)
    }

    static func taskError(_ method: String, _ path: String, _ name: String) -> (args: [String], kwargs: [String: Int], status: Int?, message: String?, error: String?) {
        ([method, path], [:], nil, nil, name)
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "connect: 500 on /version", fault: fail("GET", "/version", status: 500, "internal error"), exitCode: 1),
        Scenario(name: "connect: 503 once on /version is retried", fault: fail("GET", "/version", status: 503, "busy", times: 1), exitCode: nil),
        Scenario(name: "connect: 401 on /version", fault: fail("GET", "/version", status: 401, "authentication failure"), exitCode: 77),
        Scenario(name: "connect: 595 twice on /cluster/status is retried", fault: fail("GET", "/cluster/status", status: 595, "No route to host", times: 2), exitCode: nil),
        Scenario(name: "connect: 595 on /cluster/status for good", fault: fail("GET", "/cluster/status", status: 595, "No route to host"), exitCode: 69),
        Scenario(name: "storage: 500 on the storage list", fault: fail("GET", "/nodes/pve1/storage", status: 500, "storage config locked - got timeout", times: 1), exitCode: nil),
        Scenario(name: "template: 500 on the template list", fault: fail("GET", "/nodes/pve1/storage/local/content", status: 500, "storage 'local' is not online"), exitCode: 1),
        Scenario(name: "ctid: 503 once on nextid is retried", fault: fail("GET", "/cluster/nextid", status: 503, "busy", times: 1), exitCode: nil),
        Scenario(name: "create: 500 on POST lxc", fault: fail("POST", "/nodes/pve1/lxc", status: 500, "unable to create CT 100 - boom"), exitCode: 209),
        Scenario(name: "create: 595 on POST lxc is not repeated", fault: fail("POST", "/nodes/pve1/lxc", status: 595, "No route to host"), exitCode: 69),
        Scenario(name: "create: TASK ERROR in vzcreate", fault: taskError("POST", "/nodes/pve1/lxc", "found_lock_trying_remove_lock"), exitCode: 209),
        Scenario(name: "start: the first interface read fails, the status read shows it runs", fault: fail("GET", "/nodes/pve1/lxc/100/interfaces", status: 500, "boom", times: 1), exitCode: nil),
        Scenario(name: "start: TASK ERROR in the start the create task runs (start=1)", fault: ([], [:], nil, nil, nil), exitCode: 117,
                 startError: "missing 'rootfs' configuration"),
        Scenario(name: "start: 503 on the task status poll, retried", fault: fail("GET", "/status", status: 503, "busy", times: 2), exitCode: nil),
        Scenario(name: "ip wait: 500 on interfaces until the timeout", fault: fail("GET", "/nodes/pve1/lxc/100/interfaces", status: 500, "boom"), exitCode: 118),
    ]

    @Test("a fault at a step ends as the table says, with no container left behind", arguments: scenarios)
    func scenario(_ scenario: Scenario) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var kwargs: [String: Any] = scenario.fault.kwargs
            if let status = scenario.fault.status { kwargs["status"] = status }
            if let message = scenario.fault.message { kwargs["message"] = message }
            if let error = scenario.fault.error { kwargs["error"] = error }
            if let message = scenario.startError {
                try pve.failStarts(message)
            } else {
                try pve.call("fail", scenario.fault.args, kwargs)
            }
            var options = ContainerBuilder.Options()
            options.ipTimeout = .seconds(3)
            let client = try pve.passwordClient(retry: RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(5), maxDelay: .milliseconds(20)))
            let builder = ContainerBuilder(client: client, options: options, sleep: { _ in })
            let start = ContinuousClock.now
            do {
                let result = try await builder.create(staticSpec())
                #expect(scenario.exitCode == nil, "succeeded, expected exit \(scenario.exitCode ?? 0)")
                #expect(try await pve.containerIDs() == [result.ctid])
            } catch let error as BuildError {
                #expect(error.exitCode == scenario.exitCode, "\(error)")
                #expect(try await pve.containerIDs().isEmpty, "a container was left behind")
                #expect(error.cleanupProblems.isEmpty, "\(error.cleanupProblems)")
            }
            #expect(ContinuousClock.now - start < .seconds(120))  // bounded; generous for sanitizer runs
        }
    }

    @Test("the catalog cannot be read: with a local template a warning; without one, or for another version, the catalog's error, never 'no template' or a nearer version")
    func catalogUnreadable() async throws {
        try await withFakePVE { pve in
            try pve.call("fail", ["GET", "/nodes/pve1/aplinfo"], ["status": 500, "message": "catalog broken"])
            let builder = ContainerBuilder(client: try pve.passwordClient(retry: .fast), sleep: { _ in })
            // Nothing local: the run cannot know whether a template exists.
            let error = await #expect(throws: BuildError.self) { try await builder.plan(staticSpec()) }
            #expect(error?.exitCode == BuildExitCode.general, "\(String(describing: error))")
            #expect(error?.message.contains("reading the appliance catalog of pve1") == true, "\(error?.message ?? "")")
            #expect(error?.description.contains("catalog broken") == true, "\(error?.description ?? "")")

            // debian 12 local: 12 is planned from it, with a warning; 13 is not replaced by 12 behind the catalog's back.
            try pve.storeDebianTemplate()
            let plan = try await builder.plan(staticSpec())
            #expect(plan.template.fileName == FakePVE.debianTemplate)
            #expect(plan.warnings.contains { $0.contains("appliance catalog of pve1 could not be read") }, "\(plan.warnings)")
            var newer = staticSpec()
            newer.osVersion = "13"
            let other = await #expect(throws: BuildError.self) { try await builder.plan(newer) }
            #expect(other?.message.contains("local has no debian 13 template") == true, "\(other?.message ?? "")")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("a ticket revoked in the middle of a run is replaced and the run succeeds")
    func revokedTicket() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let builder = ContainerBuilder(client: try pve.passwordClient(), events: { event in
                if case .started(.start) = event { _ = try? pve.call("revoke_tickets") }
            }, sleep: { _ in })
            let result = try await builder.create(staticSpec())
            #expect(result.status == "running")
            #expect(try pve.requests().filter { $0.path.hasSuffix("/access/ticket") }.count == 2)
        }
    }

    @Test("quorum lost after planning: the create is refused, nothing is left")
    func quorumLostMidRun() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.node = .named("pve1")
            let builder = ContainerBuilder(client: try pve.passwordClient(), options: options, sleep: { _ in })
            let plan = try await builder.plan(staticSpec())
            try pve.call("lose_quorum")
            await #expect(throws: BuildError.self) { try await builder.execute(plan) }
            try pve.call("regain_quorum")
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("the node goes offline after the container exists: the run fails and the container is removed once reachable")
    func nodeOfflineMidRun() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            options.node = .named("pve1")
            let builder = ContainerBuilder(client: try pve.passwordClient(retry: .fast), options: options, events: { event in
                if case .started(.start) = event { _ = try? pve.call("set_node_offline", ["pve1"]) }
            }, sleep: { _ in })
            do {
                _ = try await builder.create(staticSpec())
                Issue.record("expected failure")
            } catch let error as BuildError {
                #expect(error.exitCode == BuildExitCode.notRunning || error.exitCode == BuildExitCode.serviceUnavailable)
                // The cleanup could not reach the node: it says so and how to remove the container by hand.
                #expect(error.cleanupProblems.contains { $0.contains("pct destroy 100") })
            }
            try pve.call("set_node_offline", ["pve1", false])
            #expect(try await pve.containerIDs() == [100])
        }
    }

    @Test("a config lock held by another task while the container starts: the start waits for it")
    func configLock() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.set("time_scale", 0.05)
            let builder = ContainerBuilder(client: try pve.passwordClient(), events: { event in
                if case .started(.start) = event {
                    _ = try? pve.command(["op": "call", "method": "hold_config_lock", "args": [100, 4]])
                }
            }, sleep: { try await Task.sleep(for: $0) })
            let result = try await builder.create(staticSpec())
            #expect(result.status == "running")
        }
    }
}

/// Hangs and interruptions at every moment of a run.
@Suite("Hangs and interruptions", .serialized)
struct InterruptionTests {
    @Test("the node stops answering at create or start: a timeout, then the container is removed once it answers again",
          arguments: [BuildStep.create, .start])
    func hang(at step: BuildStep) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient(retry: .none, requestTimeout: .seconds(1))
            let builder = ContainerBuilder(client: client, events: { event in
                guard case .started(let started) = event, started == step else { return }
                let before = (try? pve.requests().count) ?? 0
                _ = try? pve.call("flaky_network", [], ["hang_rate": 1.0, "hang_secs": 2])
                // The node answers again once the step's requests have hung (the create; at start the interface read
                // and the status poll after it), not after a fixed time: under load a timer let the poll through.
                let hung = step == .start ? 2 : 1
                Task.detached {
                    let end = ContinuousClock.now + .seconds(300)
                    while ((try? pve.requests().count) ?? 0) < before + hung && ContinuousClock.now < end {
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                    _ = try? pve.call("flaky_network", [], ["hang_rate": 0.0])
                }
            })
            let start = ContinuousClock.now
            do {
                _ = try await builder.create(staticSpec())
                Issue.record("expected a failure")
            } catch let error as BuildError {
                // A timeout keeps its own code at every step (see BuildError.api).
                #expect(error.exitCode == BuildExitCode.curlTimeout, "\(error)")
                #expect(error.cleanupProblems.isEmpty, "\(error.cleanupProblems)")
            }
            #expect(try await pve.containerIDs().isEmpty)
            #expect(ContinuousClock.now - start < .seconds(120))  // bounded (a hang never ends); generous for sanitizer runs
        }
    }

    /// Every moment comes before a cancellation point, so the run must end in exit 130; only the network wait,
    /// whose event a child task may send, is allowed to finish the build.
    @Test("cancelled after each step in turn: exit 130 and nothing left behind", arguments: [
        (BuildEvent.finished(.connect, ""), false), (.finished(.node, ""), false), (.finished(.storage, ""), false),
        (.finished(.template, ""), false), (.started(.create), false), (.finished(.create, ""), false),
        (.finished(.start, ""), false), (.started(.network), true),
    ] as [(BuildEvent, Bool)])
    func cancelAt(_ moment: BuildEvent, mayFinish: Bool) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let client = try pve.passwordClient()
            // The events arrive on the run's own task: cancelling that task right there leaves no race with the
            // build going on, as a Ctrl-C between two steps would.
            let builder = ContainerBuilder(client: client, events: { event in
                if Self.same(event, moment) { withUnsafeCurrentTask { $0?.cancel() } }
            })
            let outcome = await Task { try await builder.create(staticSpec()) }.result
            switch outcome {
            case .success:
                #expect(mayFinish, "cancelled at \(moment), yet the build finished")
                #expect(try await pve.containerIDs().count == 1)
            case .failure(let error):
                #expect((error as? BuildError)?.exitCode == BuildExitCode.interrupted, "\(error)")
                #expect(try await pve.containerIDs().isEmpty)
            }
        }
    }

    static func same(_ event: BuildEvent, _ moment: BuildEvent) -> Bool {
        switch (event, moment) {
        case (.finished(let a, _), .finished(let b, _)): return a == b
        case (.started(let a), .started(let b)): return a == b
        default: return false
        }
    }
}
