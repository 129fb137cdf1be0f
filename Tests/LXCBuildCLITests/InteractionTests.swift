import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// Attended and unattended runs: questions only on a terminal, never a hang without one; the build log.
@Suite("Questions, unattended runs and the build log", .serialized)
struct InteractionTests {
    /// Adds a second storage for container disks, so the storage question has two answers.
    func addStorage(_ pve: FakePVE) async throws {
        _ = try await pve.passwordClient().call(APIRequest(.post, "/storage", parameters: [
            APIParameter("storage", .string("fast")), APIParameter("type", .string("dir")),
            APIParameter("path", .string("/mnt/fast")), APIParameter("content", .string("rootdir,images")),
        ]))
    }

    /// Runs `lxc-build` under `script`, which gives it a pseudo-terminal, feeding `input`; at most 60 s.
    func runOnTerminal(_ arguments: [String], input: String, environment: [String: String]) async throws -> (status: Int32, output: String) {
        try await offPool { try Self.runOnTerminalBlocking(arguments, input: input, environment: environment) }
    }

    static func runOnTerminalBlocking(_ arguments: [String], input: String, environment: [String: String]) throws -> (status: Int32, output: String) {
        let command = ([CLITests.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["60", "/usr/bin/script", "-q", "-e", "-c", command, "/dev/null"]
        var environment = environment
        environment["LXC_BUILD_LOG_DIR"] = environment["LXC_BUILD_LOG_DIR"] ?? FileManager.default.temporaryDirectory.appendingPathComponent("lxc-build-test-logs").path
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test("on a terminal, several storages are asked about with numbered prompts, and the answer is used")
    func attended() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try await addStorage(pve)
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["LXC_BUILD_PROMPTS"] = "plain"  // numbered prompts even where whiptail is installed
            let run = try await runOnTerminal(["create", "debian", "--os-version", "12", "--ip", "10.60.0.5/24"], input: "1\n2\n", environment: environment)  // main menu: Default Install; storage 2
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("Which container storage?"))
            let second = try #require(run.output.firstMatch(of: /2\) ([a-z-]+) \(/)).1
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.rootfs?.volume.hasPrefix(String(second) + ":") == true)
        }
    }

    @Test("without a terminal nothing is asked: the documented rule decides and names the setting to change")
    func unattended() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try await addStorage(pve)
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let start = Date()
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.60.0.6/24"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.errors.contains("most free space") && run.errors.contains("var_container_storage"))
            #expect(Date().timeIntervalSince(start) < 30)
        }
    }

    @Test("an unknown --mode is exit 112, as build.func's invalid menu option")
    func invalidMode() async throws {
        let run = try await CLITests.run(["create", "debian", "--mode", "turbo"], environment: ProcessInfo.processInfo.environment)
        #expect(run.status == 112)
        #expect(run.errors.contains("turbo"))
    }

    @Test("a failed run prints the path of its build log: timestamps, no ANSI codes, secrets masked")
    func buildLog() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["var_pw"] = "Log-Secret-77"
            environment["TMPDIR"] = try CLITests.temporaryDirectory()
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            try pve.failStarts("missing 'rootfs' configuration")
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.60.0.7/24"], environment: environment)
            #expect(run.status == 117)
            let path = try #require(run.errors.firstMatch(of: /Full log: (\S+)/)).1
            let log = try String(contentsOfFile: String(path), encoding: .utf8)
            #expect(log.contains("[ERROR]") && log.contains("exit 117"))
            #expect(log.split(separator: "\n").allSatisfy { $0.wholeMatch(of: /\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \[[A-Z]+\] .*/) != nil || !$0.hasPrefix("[") })
            #expect(!log.contains("\u{1B}["))
            #expect(!log.contains("Log-Secret-77") && !run.errors.contains("Log-Secret-77"))
            let attributes = try FileManager.default.attributesOfItem(atPath: String(path))
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }
}
