import ContainerKit
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// The `lxc-build` executable as scripts use it: flags, environment, JSON output and exit codes.
@Suite("lxc-build command line against fakepve", .serialized)
struct CLITests {
    struct Run {
        /// The exit code lxc-build ended with.
        let status: BuildExitCode
        let output: String
        let errors: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// The built executable, next to the test bundle.
    static var executable: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [here, here.deletingLastPathComponent(), FakePVE.packageRoot.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("lxc-build").path }.first(where: FileManager.default.isExecutableFile(atPath:))
            ?? here.appendingPathComponent("lxc-build").path
    }

    static func environment(for pve: FakePVE, defaults: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["PROXMOX_VE_ENDPOINT"] = pve.info.url
        environment["PROXMOX_VE_FINGERPRINT"] = pve.info.fingerprint
        environment["PROXMOX_VE_USERNAME"] = "root@pam"
        environment["PROXMOX_VE_PASSWORD"] = "secret"
        environment["LXC_BUILD_DEFAULTS_DIR"] = defaults
        // Failed runs keep their logs here, not in /var/log/lxc-build (the tests run as root).
        environment["LXC_BUILD_LOG_DIR"] = (defaults as NSString).appendingPathComponent("logs")
        // The stacks' keys too, not in /var/lib/lxc-build.
        environment["LXC_BUILD_STACK_KEYS"] = (defaults as NSString).appendingPathComponent("stack-keys")
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// What a test does to a run once its marker shows on standard error.
    enum Interruption: Sendable, CustomStringConvertible {
        /// Sends the signal.
        case signal(Int32)
        /// Closes the reading end of the run's standard output or standard error (a reader such as `head` gone).
        case close(output: Bool)

        var description: String {
            switch self {
            case .signal(let number): return "signal \(number)"
            case .close(let output): return output ? "stdout closed" : "stderr closed"
            }
        }
    }

    /// Runs lxc-build; `interruptAfter` sends SIGINT once stderr contains that text. A `launcher` (a command and its
    /// arguments) runs lxc-build through it.
    static func run(
        _ arguments: [String], environment: [String: String], interruptAfter marker: String? = nil, launcher: [String] = []
    ) async throws -> Run {
        try await offPool { try runBlocking(arguments, environment: environment, interruptAfter: marker, launcher: launcher) }
    }

    /// Runs lxc-build and does `interruption` once stderr contains `marker` and then `ready` holds (polled every
    /// 20 ms for up to 300 s): a step's line is written when the step is done, so a test that must stop a run in the
    /// middle of a step waits for the marker before it and for what the fake saw (`ready`).
    static func run(
        _ arguments: [String], environment: [String: String], after marker: String, once ready: (@Sendable () -> Bool)? = nil,
        _ interruption: Interruption
    ) async throws -> Run {
        try await offPool { try runBlocking(arguments, environment: environment, interruptAfter: marker, interruption, once: ready) }
    }

    static func runBlocking(
        _ arguments: [String], environment: [String: String], interruptAfter marker: String? = nil,
        _ interruption: Interruption = .signal(SIGINT), launcher: [String] = [], once ready: (@Sendable () -> Bool)? = nil
    ) throws -> Run {
        let command = launcher + [executable] + arguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = environment
        if environment["LXC_BUILD_LOG_DIR"] == nil {
            // A failed run's log goes to a test folder, never to /var/log/lxc-build (the tests run as root).
            environment["LXC_BUILD_LOG_DIR"] = FileManager.default.temporaryDirectory.appendingPathComponent("lxc-build-test-logs").path
        }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        // Close-on-exec, so a program another test starts meanwhile (an LXC monitor, sshd, fakepve) cannot inherit an
        // end of these pipes: closing the reading end must reach lxc-build as a closed pipe.
        for pipe in [output, errors] {
            for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] {
                _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
            }
        }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var errorText = Data()
        let reader = errors.fileHandleForReading
        var outputOpen = true
        var interrupted = false
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            errorText.append(chunk)
            guard !interrupted, let marker, String(decoding: errorText, as: UTF8.self).contains(marker), process.isRunning else { continue }
            if let ready {
                let clock = ContinuousClock()
                let end = clock.now + .seconds(300)
                while !ready() && clock.now < end && process.isRunning { usleep(20_000) }
            }
            interrupted = true
            switch interruption {
            case .signal(let number):
                kill(process.processIdentifier, number)
            case .close(output: true):
                try output.fileHandleForReading.close()
                outputOpen = false
            case .close(output: false):
                try reader.close()
            }
            if case .close(output: false) = interruption { break }
        }
        let outputText = outputOpen ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return Run(status: BuildExitCode(rawValue: process.terminationStatus), output: String(decoding: outputText, as: UTF8.self), errors: String(decoding: errorText, as: UTF8.self))
    }

    /// Whether `pve` has received a create request (`POST /nodes/{node}/lxc`).
    static func createSent(_ pve: FakePVE) -> @Sendable () -> Bool {
        { pve.received("POST", pathSuffix: "/lxc") >= 1 }
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lxc-build-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("create --json prints one object with the result and exits 0; settings come from flags and var_*")
    func createJSON() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            environment["var_ram"] = "1536"
            environment["var_pw"] = "Secret-Root-Pw1"
            let run = try await Self.run(
                ["create", "debian", "--os-version", "12", "--hostname", "cli-test", "--ip", "10.30.0.7/24", "--gateway", "10.30.0.1", "--yes", "--json"],
                environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let json = run.json
            #expect(json["ctid"] as? Int == 100)
            #expect(json["node"] as? String == "pve1")
            #expect(json["hostname"] as? String == "cli-test")
            #expect(json["ip"] as? String == "10.30.0.7")
            #expect(json["template"] as? String == "debian-12-standard_12.7-1_amd64.tar.zst")
            #expect(json["storage"] as? String == "local-lvm")
            #expect(json["status"] as? String == "running")
            #expect(json["warnings"] is [Any])
            #expect(!(run.output + run.errors).contains("Secret-Root-Pw1"))
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.memory == 1536)
        }
    }

    @Test("an app from a catalog folder: its declared defaults are used, the script is never run")
    func catalogApp() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let catalog = try Self.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
            let marker = catalog + "/executed"
            let script = """
                #!/usr/bin/env bash
                touch \(marker)
                APP="Uptime Kuma"
                var_tags="${var_tags:-monitoring}"
                var_cpu="${var_cpu:-2}"
                var_ram="${var_ram:-1024}"
                var_disk="${var_disk:-5}"
                var_os="${var_os:-debian}"
                var_version="${var_version:-12}"
                """
            try script.write(toFile: catalog + "/ct/uptimekuma.sh", atomically: true, encoding: .utf8)
            let environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            let run = try await Self.run(["create", "uptimekuma", "--catalog", catalog, "--ip", "10.30.0.9/24", "--no-install", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.json["hostname"] as? String == "uptimekuma")
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.cores == 2)
            #expect(config.options.rootfs?.size == "5G")
            #expect(Set(config.options.tags) == ["community-script", "monitoring"])
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("an app from a catalog URL: its files are fetched over verified HTTPS, a missing app is named")
    func catalogURL() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let catalog = try Self.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
            try "APP=\"Web Thing\"\nvar_cpu=\"${var_cpu:-3}\"\nvar_version=\"${var_version:-12}\"\n"
                .write(toFile: catalog + "/ct/webthing.sh", atomically: true, encoding: .utf8)
            let server = try FakePVE.startScripted(serving: catalog)
            defer { server.stop() }
            var environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            environment["LXC_BUILD_CATALOG_CA_FILE"] = server.info.caFile
            let url = server.info.url + "/catalog"
            let run = try await Self.run(["create", "webthing", "--catalog", url, "--ip", "10.30.0.11/24", "--no-install", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(try await pve.passwordClient().node("pve1").container(100).config().options.cores == 3)

            let missing = try await Self.run(["plan", "nosuchapp", "--catalog", url], environment: environment)
            #expect(missing.status == 64 && missing.errors.contains("nosuchapp") && missing.errors.contains("404"))

            environment["LXC_BUILD_CATALOG_CA_FILE"] = nil
            let untrusted = try await Self.run(["plan", "webthing", "--catalog", url], environment: environment)
            #expect(untrusted.status == 35, "\(untrusted.errors)")
        }
    }

    @Test("a failure prints the error with build.func's exit code and explanation, and exits with it")
    func failureJSON() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            // `local` exists and holds templates only: build.func's 213.
            let run = try await Self.run(["create", "debian", "--os-version", "12", "--storage", "local", "--json"], environment: environment)
            #expect(run.status == 213)
            let error = run.json["error"] as? [String: Any]
            #expect(error?["exitCode"] as? Int == 213)
            #expect(error?["explanation"] as? String == "Proxmox: Storage type does not support 'rootdir' content")
            #expect((error?["message"] as? String)?.contains("var_container_storage=local") == true)
            #expect(try pve.writes().isEmpty)
            #expect(run.json["status"] as? String == "failed")
        }
    }

    @Test("TLS: the fake's self-signed certificate is refused by default with how to trust it; insecure only when asked, and loudly")
    func tlsTrust() async throws {
        try await withFakePVE { pve in
            var environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            environment["PROXMOX_VE_FINGERPRINT"] = nil
            let refused = try await Self.run(["nodes", "--json"], environment: environment)
            #expect(refused.status == 35, "\(refused.errors)")
            #expect(refused.output.contains("PROXMOX_VE_FINGERPRINT") && refused.output.contains("PROXMOX_VE_CA_FILE"), "\(refused.output)")
            #expect(try pve.requests().isEmpty, "no request before the certificate is trusted")
            environment["PROXMOX_VE_INSECURE"] = "true"
            let insecure = try await Self.run(["nodes", "--json"], environment: environment)
            #expect(insecure.status == 0, "\(insecure.errors)")
            #expect(insecure.errors.contains("TLS certificate verification is OFF"))
            #expect((insecure.json["nodes"] as? [[String: Any]])?.isEmpty == false, "stdout holds the JSON document alone: \(insecure.output)")
        }
    }

    @Test("an invalid setting names the key, the value, its source and what is accepted; nothing is sent")
    func invalidSetting() async throws {
        try await withFakePVE { pve in
            var environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            environment["var_mtu"] = "99"
            let run = try await Self.run(["create", "debian"], environment: environment)
            #expect(run.status == 64)
            #expect(run.errors.contains("var_mtu") && run.errors.contains("99") && run.errors.contains("env") && run.errors.contains("576"))
            #expect(try pve.requests().isEmpty)
        }
    }

    @Test("plan --json lists the requests create would send, secrets masked, and changes nothing")
    func planJSON() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            environment["var_pw"] = "Plan-Secret-9"
            let run = try await Self.run(["plan", "debian", "--os-version", "12", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let requests = run.json["requests"] as? [[String: Any]] ?? []
            #expect(requests.map { "\($0["method"] ?? "") \($0["path"] ?? "")" }.first == "POST /nodes/pve1/lxc")
            #expect((requests.first?["parameters"] as? [String: String])?["password"] == "********")
            #expect(!run.output.contains("Plan-Secret-9"))
            #expect(try pve.requests().allSatisfy { $0.method == "GET" || $0.path.hasSuffix("/access/ticket") })
        }
    }

    @Test("Ctrl-C after the container exists removes it and exits 130")
    func interrupt() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // A create task of four seconds, and Ctrl-C once the fake has the create request: it arrives while the
            // task runs (the step's line is written only when the task is done).
            try pve.setItem("ct_secs", key: "create", value: 20)
            try pve.set("time_scale", 0.2)
            let environment = Self.environment(for: pve, defaults: try Self.temporaryDirectory())
            let run = try await Self.run(["create", "debian", "--os-version", "12", "--ip", "10.30.0.8/24"], environment: environment,
                                         after: "Creating a debian LXC", once: Self.createSent(pve), .signal(SIGINT))
            #expect(run.status == 130, "\(run.errors)")
            #expect(run.errors.contains("interrupted"))
            let left = try await pve.passwordClient().clusterResources(type: "vm")
            #expect(left.isEmpty)
        }
    }
}
