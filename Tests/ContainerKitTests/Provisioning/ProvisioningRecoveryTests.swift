import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// Builder options provisioning `catalog` through `shell` with the retry-verbose policy, no network or bootstrap.
func retryingOptions(shell: ScriptedNodeShell, catalog: String) throws -> ContainerBuilder.Options {
    var provisioning = ProvisioningOptions(shell: shell)
    provisioning.catalogDirectory = catalog
    provisioning.checkNetwork = false
    provisioning.bootstrap = false
    provisioning.logDirectory = try temporaryFolder()
    provisioning.onFailure = .retryVerbose
    var options = ContainerBuilder.Options()
    options.provisioning = provisioning
    return options
}

@Suite("Recovery after a failed install", .serialized)
struct ProvisioningRecoveryTests {
    @Test("retry-verbose: the failed container is removed, a new one built once with VERBOSE=yes")
    func retryVerbose() async throws {
        let catalog = try makeCatalog(body: "true")
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let shell = ScriptedNodeShell(failures: 1)
            let options = try retryingOptions(shell: shell, catalog: catalog)
            let events = EventLog()
            var spec = staticSpec("demo")
            spec.ctid = 150
            let result = try await pve.builder(options, events: events).create(spec)
            #expect(result.ctid != 150)
            #expect(try await pve.containerIDs() == [result.ctid])
            #expect(shell.installs.map { $0["VERBOSE"] } == ["no", "yes"])
            #expect(events.decisions.contains { $0.contains("verbose retry") })
            // The retry's create is made as the plan made the first (issue 25): the same request but for the new id
            // and the notes, which name the new run's time.
            let creates = try pve.recordedParameters("POST", pathSuffix: "/lxc")
            try #require(creates.count == 2)
            #expect(creates[1]["vmid"] == String(result.ctid))
            let unchanged: (([String: String]) -> [String: String]) = { $0.filter { !["vmid", "description"].contains($0.key) } }
            #expect(unchanged(creates[1]) == unchanged(creates[0]))
        }
    }

    @Test("a failing retry is not retried again: the second failure removes and reports")
    func retryOnlyOnce() async throws {
        let catalog = try makeCatalog(body: "true")
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let shell = ScriptedNodeShell(failures: 5)
            let options = try retryingOptions(shell: shell, catalog: catalog)
            await #expect(throws: BuildError.self) { try await pve.builder(options).create(staticSpec("demo")) }
            #expect(shell.installs.count == 2)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("hints and repairs follow build.func's recovery menu from the exit code and the log")
    func hints() {
        #expect(ProvisioningFailure.hints(exitCode: 127, log: "foo: command not found").first?.contains("(foo)") == true)
        #expect(ProvisioningFailure.hints(exitCode: 137, log: "").contains { $0.contains("more RAM") })
        #expect(ProvisioningFailure.hints(exitCode: 1, log: "write error: No space left on device").contains { $0.contains("twice the disk") })
        #expect(ProvisioningFailure.repairs(exitCode: 1, log: "Temporary failure resolving 'deb.debian.org'") == [.dnsOverride])
        #expect(ProvisioningFailure.repairs(exitCode: 100, log: "") == [.repairAPT])
        #expect(ProvisioningFailure.hints(exitCode: 10, log: "").first?.contains("privileged") == true)
    }

    @Test("the interactive menu falls back to remove after its timeout")
    func menuTimeout() async throws {
        struct SilentChooser: Chooser {
            func choose(_ question: String, options: [String], defaultIndex: Int) async -> Int? {
                try? await Task.sleep(for: .seconds(30))
                return 1
            }
            func confirm(_ question: String, defaultAnswer: Bool) async -> Bool { defaultAnswer }
        }
        var options = ContainerBuilder.Options()
        options.interactive = true
        options.chooser = SilentChooser()
        let builder = ContainerBuilder(client: ProxmoxClient(transport: scriptedPVE()), options: options, sleep: { _ in })
        let action = await builder.recoveryAction(for: InstallFailure(exitCode: 1, logPath: nil, repairs: []), policy: .keep)
        #expect(action == .remove)
    }
}
