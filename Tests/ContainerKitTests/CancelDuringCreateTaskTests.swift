import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// A run interrupted while its create task runs: the container exists but is locked by that task (with `start=1`
/// the task also starts it), so it can be neither stopped nor destroyed until the task ends.
@Suite("Cancelled while the create task runs", .serialized)
struct CancelDuringCreateTaskTests {
    @Test("the cleanup waits for the create task, then removes the container: exit 130, nothing left")
    func cleanupWaitsForTheTask() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // The create task takes 8 PVE seconds, at half their length: long enough to be interrupted, also under a
            // sanitizer on a loaded machine.
            try pve.setItem("ct_secs", key: "create", value: 8)
            try pve.set("time_scale", 0.5)
            let builder = try pve.builder()
            let build = Task { try await builder.create(staticSpec()) }
            #expect(await pve.waitUntilReceived("POST", pathSuffix: "/lxc"), "the create request never reached the fake")
            build.cancel()
            let outcome = await build.result
            let error = try #require(outcome.failure as? BuildError, "\(outcome)")
            #expect(error.exitCode == ExitCodes.interrupted, "\(error)")
            #expect(error.cleanupProblems.isEmpty, "\(error.cleanupProblems)")
            #expect(try await pve.containerIDs().isEmpty)
            // Waited for, the task's lock is gone when the destroy is sent: one destroy, not retries against the lock.
            let destroys = try pve.requests().filter { $0.method == "DELETE" && $0.path.contains("/lxc/") }
            #expect(destroys.count == 1, "\(destroys)")
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
