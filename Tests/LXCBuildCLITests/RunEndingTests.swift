import Foundation
import LXCBuildTestSupport
import Testing

/// Every way a `create` can be stopped part-way (a signal, a reader that goes away) runs the same cleanup and
/// ends with a documented exit code: no container is left behind on the fake.
@Suite("lxc-build create stopped part-way", .serialized)
struct RunEndingTests {
    struct Case: Sendable, CustomStringConvertible {
        let interruption: CLITests.Interruption
        let exitCode: Int32
        var description: String { "\(interruption) → \(exitCode)" }
    }

    static let cases = [
        Case(interruption: .signal(SIGINT), exitCode: 130),
        Case(interruption: .signal(SIGTERM), exitCode: 143),
        Case(interruption: .signal(SIGHUP), exitCode: 129),
        Case(interruption: .signal(SIGQUIT), exitCode: 131),
        Case(interruption: .close(output: true), exitCode: 141),
        Case(interruption: .close(output: false), exitCode: 141),
    ]

    @Test("stopped once the container exists: it is removed and the exit code names the reason", arguments: cases)
    func stoppedMidCreate(_ stop: Case) async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // The create task (which also starts the container) lasts four seconds, and the stop comes once the fake
            // has the create request: it arrives while the task runs (the step's line is written only when the task
            // is done, and what follows it takes milliseconds). The cleanup asks PVE to stop the task (PVE's create
            // worker, stopped, removes its container), then destroys what is left.
            try pve.setItem("ct_secs", key: "create", value: 20)
            try pve.set("time_scale", 0.2)
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let temporary = try CLITests.temporaryDirectory()
            environment["TMPDIR"] = temporary
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.30.0.8/24"],
                                             environment: environment, after: "Creating a debian LXC",
                                             once: CLITests.createSent(pve), stop.interruption)
            #expect(run.status.rawValue == stop.exitCode, "\(run.errors)")
            #expect(try await pve.passwordClient().clusterResources(type: "vm").isEmpty, "the container was left behind")
            #expect(try pve.requests().contains { $0.method == "DELETE" && ($0.path.hasSuffix("/lxc/100") || $0.path.contains("/tasks/UPID")) },
                    "no cleanup was sent")
            if case .signal = stop.interruption {
                #expect(run.errors.contains("removed"), "\(run.errors)")
                let logs = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasSuffix(".log") }
                #expect(logs.count == 1, "a stopped run keeps its log: \(logs)")
            }
        }
    }

    @Test("SIGTERM while the app catalog is being fetched from a slow server exits 143 and leaves no folder", arguments: ["create", "plan"])
    func terminatedDuringCatalogFetch(_ command: String) async throws {
        let server = try FakePVE.startScripted()
        defer { server.stop() }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["PROXMOX_VE_ENDPOINT"] = server.info.url
        environment["PROXMOX_VE_FINGERPRINT"] = server.info.fingerprint
        environment["PROXMOX_VE_API_TOKEN"] = "root@pam!t=00000000-0000-0000-0000-000000000000"
        environment["LXC_BUILD_CATALOG_CA_FILE"] = server.info.caFile
        environment["LXC_BUILD_DEFAULTS_DIR"] = try CLITests.temporaryDirectory()
        let temporary = try CLITests.temporaryDirectory()
        environment["TMPDIR"] = temporary
        environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLITests.executable)
        process.arguments = [command, "slowapp", "--catalog", server.info.url + "/catalog-slow", "--yes"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var fetching = false
        for _ in 0..<300 where !fetching {
            fetching = try server.scriptedRequests().contains("/catalog-slow/ct/slowapp.sh")
            if !fetching { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(fetching, "the catalog fetch never started")
        kill(process.processIdentifier, SIGTERM)
        let status = try await offPool { process.waitUntilExit(); return process.terminationStatus }
        #expect(status == 143)
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasPrefix("lxc-build-catalog-") }
        #expect(left.isEmpty, "temporary catalog folders left: \(left)")
    }
}
