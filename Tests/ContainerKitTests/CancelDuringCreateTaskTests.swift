import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// A run interrupted while its create task runs: the container exists but is locked by that task (with `start=1`
/// the task also starts it), so it can be neither stopped nor destroyed until the task ends. The cleanup asks PVE to
/// stop the task (PVE's create worker, stopped, removes what it made) and waits a bounded time for that.
@Suite("Cancelled while the create task runs", .serialized)
struct CancelDuringCreateTaskTests {
    /// Starts a create on `pve` whose task lasts a day, listing its container in `options.unfinished`, and returns
    /// once the fake has the create request.
    static func startCreate(_ pve: FakePVE, _ options: ContainerBuilder.Options) async throws -> Task<BuildResult, any Error> {
        try pve.storeDebianTemplate()
        try pve.setItem("ct_secs", key: "create", value: 86_400)
        try pve.set("time_scale", 1)
        let builder = try pve.builder(options)
        let build = Task { try await builder.create(staticSpec()) }
        #expect(await pve.waitUntilReceived("POST", pathSuffix: "/lxc"), "the create request never reached the fake")
        return build
    }

    @Test("the cleanup stops the create task, then removes the container: exit 130, nothing left, listed as settled")
    func cleanupStopsTheTask() async throws {
        try await withFakePVE { pve in
            var options = ContainerBuilder.Options()
            let unfinished = UnfinishedContainers()
            options.unfinished = unfinished
            // A create task of a day: only stopping it ends it.
            let build = try await Self.startCreate(pve, options)
            // Stopped while the task runs: once the builder has the create's answer (its task), not while the answer
            // is still on its way (the fake has the request a little before; under load that can be seconds).
            let clock = ContinuousClock()
            let end = clock.now + .seconds(300)
            while unfinished.entries.isEmpty && clock.now < end { try await Task.sleep(for: .milliseconds(20)) }
            #expect(unfinished.entries.first?.createTaskRunning == true, "\(unfinished.entries)")
            build.cancel()
            let outcome = await build.result
            let error = try #require(outcome.failure as? BuildError, "\(outcome)")
            #expect(error.exitCode == BuildExitCode.interrupted, "\(error)")
            #expect(error.cleanupProblems.isEmpty, "\(error.cleanupProblems)")
            #expect(try await pve.containerIDs().isEmpty)
            let stops = try pve.requests().filter { $0.method == "DELETE" && $0.path.contains("/tasks/UPID") }
            #expect(stops.count == 1, "\(stops)")
            // Stopped, the task's lock is gone when the cleanup looks: no destroy retried against it.
            let destroys = try pve.requests().filter { $0.method == "DELETE" && $0.path.contains("/lxc/") }
            #expect(destroys.count <= 1, "\(destroys)")
            #expect(unfinished.entries.isEmpty, "\(unfinished.entries)")
        }
    }

    @Test("a create task that does not stop when asked: the cleanup's waits are bounded, the container is named as left")
    func taskThatDoesNotStop() async throws {
        try await withFakePVE { pve in
            try pve.set("ignore_task_stop", true)
            var options = ContainerBuilder.Options()
            options.cleanupTaskTimeout = .seconds(1)
            options.cleanupAttempts = 2
            let unfinished = UnfinishedContainers()
            options.unfinished = unfinished
            let build = try await Self.startCreate(pve, options)
            // Listed once the create request is answered (the fake has it a little before the builder has its task).
            let clock = ContinuousClock()
            let end = clock.now + .seconds(300)
            while unfinished.entries.isEmpty && clock.now < end { try await Task.sleep(for: .milliseconds(20)) }
            #expect(unfinished.entries == [UnfinishedContainers.Entry(ctid: 100, node: "pve1", createTaskRunning: true, kept: false)])
            build.cancel()
            let outcome = await build.result
            let error = try #require(outcome.failure as? BuildError, "\(outcome)")
            #expect(error.exitCode == BuildExitCode.interrupted, "\(error)")
            #expect(error.cleanupProblems.count == 1 && error.cleanupProblems[0].contains("pct destroy 100 --purge"), "\(error.cleanupProblems)")
            #expect(try await pve.containerIDs() == [100])
            #expect(unfinished.entries.map(\.ctid) == [100], "a container the cleanup could not remove stays listed")
        }
    }
}

extension Result {
    /// The error of a failed result.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
