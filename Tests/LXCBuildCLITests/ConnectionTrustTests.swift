import Foundation
import LXCBuildTestSupport
import Testing

/// What `lxc-build` accepts from `PROXMOX_VE_*` and `--endpoint` before it sends anything: a strict endpoint,
/// credentials used as given and never echoed, and a CA file that is the only trust anchor.
@Suite("connection settings are a trust boundary", .serialized)
struct ConnectionTrustTests {
    static func environment(_ values: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["NO_COLOR"] = "1"
        environment.merge(values) { $1 }
        return environment
    }

    /// Hostile endpoints aimed at a listener on 127.0.0.1:`port`; `SECRET` is a password someone put in one.
    static func hostileEndpoints(port: Int) -> [String] {
        [
            "https://127.0.0.1%3A\(port)%23.pve.example.com:8006", "https://root:SECRET@127.0.0.1:\(port)",
            "https://pve.example.com@127.0.0.1:\(port)", "https://127.0.0.1:\(port)/?password=SECRET",
            "https://127.0.0.1:\(port)#SECRET", "https://127.0.0.1:\(port)/api2/json/../x", "https://127.0.0.1:\(port) ",
            "https://127.0.0.1:\(port)\n", "https://127.1:\(port)", "https://0x7f.0.0.1:\(port)", "https://[::1%25lo]:\(port)",
            "http://127.0.0.1:\(port)", "ftp://127.0.0.1:\(port)", "https:127.0.0.1:\(port)", "https://127.0.0.1:\(port):8006",
        ]
    }

    @Test("a hostile endpoint, in the environment or --endpoint, exits 64 naming it, sends nothing and shows no secret")
    func hostileEndpoints() async throws {
        let listener = try ConnectionRecorder()
        for endpoint in Self.hostileEndpoints(port: listener.port) {
            let credentials = ["PROXMOX_VE_USERNAME": "root@pam", "PROXMOX_VE_PASSWORD": "SECRET-pw"]
            let fromEnvironment = try await CLITests.run(
                ["nodes"], environment: Self.environment(credentials.merging(["PROXMOX_VE_ENDPOINT": endpoint]) { $1 }))
            let fromFlag = try await CLITests.run(["nodes", "--endpoint", endpoint], environment: Self.environment(credentials))
            for (run, setting) in [(fromEnvironment, "PROXMOX_VE_ENDPOINT '"), (fromFlag, "--endpoint '")] {
                let text = run.output + run.errors
                #expect(run.status == 64, "\(endpoint): \(text)")
                #expect(text.contains(setting) && text.contains("accepted: https://HOST[:PORT]"), "\(endpoint): \(text)")
                #expect(!text.contains("SECRET"), "\(endpoint): \(text)")
            }
        }
        #expect(listener.connectionCount() == 0)
    }

    @Test("a token written the wrong way round exits 64 without showing it")
    func tokenWrongWayRound() async throws {
        let listener = try ConnectionRecorder()
        let run = try await CLITests.run(["nodes"], environment: Self.environment([
            "PROXMOX_VE_ENDPOINT": "https://127.0.0.1:\(listener.port)", "PROXMOX_VE_API_TOKEN": "0b7d-t0ken-s3cr3t-4e2a=root@pam!ci",
        ]))
        #expect(run.status == 64)
        #expect((run.output + run.errors).contains("PROXMOX_VE_API_TOKEN"))
        #expect(!(run.output + run.errors).contains("s3cr3t"))
        #expect(listener.connectionCount() == 0)
    }

    @Test("a password with leading and trailing spaces is used as it is")
    func spacedPassword() async throws {
        try await withFakePVE { pve in
            let password = " pass word "
            try pve.set("password", password)
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["PROXMOX_VE_PASSWORD"] = password
            let run = try await CLITests.run(["nodes"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.contains("pve1"))
        }
    }

    /// Runs `lxc-build arguments` in a mount namespace of its own whose `/etc/ssl/certs` (libcurl's CA folder and
    /// bundle, the system store) is `store`.
    static func runWithSystemStore(_ store: String, _ arguments: [String], environment: [String: String]) async throws -> CLITests.Run {
        let isolation = getuid() == 0 ? ["--mount"] : ["--mount", "--map-root-user"]
        let script = #"mount --bind "$0" /etc/ssl/certs && exec "$@""#
        return try await CLITests.run(
            arguments, environment: environment, launcher: ["/usr/bin/unshare"] + isolation + ["sh", "-c", script, store])
    }

    /// Runs a tool to completion and returns its exit status.
    static func runTool(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("PROXMOX_VE_CA_FILE is the only trust anchor: a server the system store trusts is refused with another CA file")
    func caFileOnly() async throws {
        try await withFakePVE { pve in
            // A system store that trusts the fake: its certificate as the bundle and in the hashed folder.
            let store = try CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: store) }
            try FileManager.default.copyItem(atPath: pve.info.caFile, toPath: store + "/ca-certificates.crt")
            try FileManager.default.copyItem(atPath: pve.info.caFile, toPath: store + "/fakepve.pem")
            #expect(try Self.runTool("/usr/bin/openssl", ["rehash", store]) == 0)
            // Another CA, with a subject of its own (a CA file holding the same subject would hide the store's).
            let other = try CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: other) }
            #expect(try Self.runTool("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=lxc-build test cluster CA", "-keyout", other + "/ca.key", "-out", other + "/ca.pem",
            ]) == 0)

            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["PROXMOX_VE_FINGERPRINT"] = nil
            // The store really is the system store: with no trust setting, the fake is accepted through it.
            let system = try await Self.runWithSystemStore(store, ["nodes"], environment: environment)
            #expect(system.status == 0, "\(system.errors)")

            environment["PROXMOX_VE_CA_FILE"] = other + "/ca.pem"
            let otherCA = try await Self.runWithSystemStore(store, ["nodes"], environment: environment)
            #expect(otherCA.status == 35, "\(otherCA.output) \(otherCA.errors)")
            #expect(otherCA.errors.contains("CA file \(other)/ca.pem"))

            environment["PROXMOX_VE_CA_FILE"] = pve.info.caFile
            let sameCA = try await Self.runWithSystemStore(store, ["nodes"], environment: environment)
            #expect(sameCA.status == 0, "\(sameCA.errors)")
            // Two logins: the refused run sent nothing.
            #expect(try pve.requests().filter { $0.path.hasSuffix("/access/ticket") }.count == 2)
        }
    }
}
