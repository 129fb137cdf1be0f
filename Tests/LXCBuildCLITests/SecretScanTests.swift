import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// Issue 8: the root password, the API password, an API token secret, the login ticket and its CSRF token never
/// appear in what `lxc-build` prints, logs, writes or leaves in the container, whether the run succeeds or fails.
@Suite("Secrets never leak from lxc-build", .serialized)
struct SecretScanTests {
    /// Marker secrets, distinct so that a leak names which one leaked.
    static let rootPassword = "RootPw-Marker-4Tq9"
    static let apiPassword = "ApiPw-Marker-7Kx2"
    static let tokenSecret = "TokenSecret-Marker-3Vw8"
    static let githubToken = "ghp_GithubMarker5Rz6"

    /// One run's folders: defaults (`LXC_BUILD_DEFAULTS_DIR`), `tmp` (`TMPDIR`, where the build log goes),
    /// `home` and `run` (`XDG_RUNTIME_DIR`, the download locks). All removed afterwards.
    struct Sandbox {
        let root: String
        var defaults: String { root + "/defaults" }
        var temporary: String { root + "/tmp" }

        static func make() throws -> Sandbox {
            let sandbox = Sandbox(root: try CLITests.temporaryDirectory())
            for folder in ["defaults", "tmp", "home", "run"] {
                try FileManager.default.createDirectory(atPath: sandbox.root + "/" + folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
            return sandbox
        }

        func environment(for pve: FakePVE, token: Bool = false) -> [String: String] {
            var environment = CLITests.environment(for: pve, defaults: defaults)
            environment["TMPDIR"] = temporary
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            environment["HOME"] = root + "/home"
            environment["XDG_RUNTIME_DIR"] = root + "/run"
            environment["var_pw"] = SecretScanTests.rootPassword
            environment["var_github_token"] = SecretScanTests.githubToken
            if token {
                environment["PROXMOX_VE_USERNAME"] = nil
                environment["PROXMOX_VE_PASSWORD"] = nil
                environment["PROXMOX_VE_API_TOKEN"] = "root@pam!ci=\(SecretScanTests.tokenSecret)"
                environment["var_keyctl"] = "0"  // root@pam only: a token may not set it
            } else {
                environment["PROXMOX_VE_PASSWORD"] = SecretScanTests.apiPassword
            }
            return environment
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// What a scan found: each entry names the place and the secret.
    struct Scan {
        var secrets: [String: String]
        var leaks: [String] = []

        mutating func check(_ text: String, in place: String) {
            for (name, value) in secrets.sorted(by: { $0.key < $1.key }) where text.contains(value) {
                leaks.append("\(name) in \(place)")
            }
        }

        /// Every regular file under `folder`: no secret in its content, unless it is a settings file written with
        /// mode 0600 or narrower (`config save` keeps secrets, as build.func does); a settings file holding a
        /// secret-bearing key is 0600 or narrower; a build log is 0600.
        mutating func checkFiles(under folder: String) {
            guard let paths = FileManager.default.subpaths(atPath: folder) else { return }
            for relative in paths.sorted() {
                let path = folder + "/" + relative
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular,
                    let data = FileManager.default.contents(atPath: path)
                else { continue }
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
                let text = String(decoding: data, as: UTF8.self)
                let isSettings = path.hasSuffix(".vars")
                let private600 = mode & 0o177 == 0
                if isSettings && text.split(separator: "\n").contains(where: { $0.hasPrefix("var_pw=") || $0.hasPrefix("var_github_token=") })
                    && !private600 {
                    leaks.append("secret-bearing settings file \(path) has mode \(String(mode, radix: 8))")
                }
                if relative.hasPrefix("tmp/lxc-build-") && relative.hasSuffix(".log") && !private600 {
                    leaks.append("build log \(path) has mode \(String(mode, radix: 8))")
                }
                if !(isSettings && private600) { check(text, in: "file \(path) (mode \(String(mode, radix: 8)))") }
            }
        }
    }

    /// The fixed markers plus every ticket and CSRF token the fake issued (random, so read back after the run).
    static func secrets(issuedBy pve: FakePVE) throws -> [String: String] {
        var secrets = ["root password": rootPassword, "API password": apiPassword, "API token secret": tokenSecret,
                       "GitHub token": githubToken]
        let tickets = try pve.command(["op": "get", "attr": "tickets"]) as? [String: Any] ?? [:]
        for (index, (ticket, session)) in tickets.sorted(by: { $0.key < $1.key }).enumerated() {
            secrets["ticket \(index)"] = ticket
            // The signature alone, in case a ticket is shown cut or re-encoded.
            if let signature = ticket.split(separator: "::").last, signature.count >= 16 { secrets["ticket \(index) signature"] = String(signature) }
            if let csrf = (session as? [String: Any])?["csrf"] as? String { secrets["CSRF token \(index)"] = csrf }
        }
        return secrets
    }

    /// Scans the runs' output, the sandbox's files, the fake's request paths and the configuration (description
    /// included) of every container the fake still has; asserts that at least one ticket was issued and checked.
    static func scan(_ runs: [(String, CLITests.Run)], sandbox: Sandbox, pve: FakePVE, expectTickets: Bool = true) async throws -> [String] {
        let secrets = try secrets(issuedBy: pve)
        if expectTickets { #expect(secrets.keys.contains { $0.hasPrefix("CSRF token") }, "the fake issued no ticket: the scan would miss them") }
        var scan = Scan(secrets: secrets)
        for (name, run) in runs {
            scan.check(run.output, in: "stdout of \(name)")
            scan.check(run.errors, in: "stderr of \(name)")
        }
        scan.checkFiles(under: sandbox.root)
        for request in try pve.requests() { scan.check(request.path, in: "request path \(request.method) \(request.path)") }
        let client = try pve.passwordClient(password: apiPassword)
        for id in try await containerIDs(pve) {
            let config = try await client.node("pve1").container(id).config()
            scan.check("\(config.raw)", in: "configuration of container \(id)")
            scan.check(config.options.description ?? "", in: "description of container \(id)")
        }
        return scan.leaks
    }

    /// A fake whose root@pam password is ``apiPassword``, with a Debian template and the token `root@pam!ci`.
    static func prepare(_ pve: FakePVE) throws {
        try pve.set("password", apiPassword)
        try pve.setItem("apitokens", key: "root@pam!ci", value: tokenSecret)
        try pve.storeDebianTemplate()
    }

    /// The fake's containers, read with the marker password.
    static func containerIDs(_ pve: FakePVE) async throws -> [Int] {
        try await pve.passwordClient(password: apiPassword).clusterResources(type: "vm").compactMap(\.vmid).sorted()
    }

    /// Runs `body` with a fresh sandbox and a prepared fake (its start failing with `failingStart`); removes both.
    static func withSandbox(failingStart: Bool = false, _ body: (Sandbox, FakePVE) async throws -> Void) async throws {
        let sandbox = try Sandbox.make()
        defer { sandbox.remove() }
        try await withFakePVE { pve in
            try prepare(pve)
            if failingStart {
                try pve.failStarts("missing 'rootfs' configuration")
            }
            try await body(sandbox, pve)
        }
    }

    @Test("a successful create, text and --json, with password and with token login: no secret anywhere")
    func createSuccess() async throws {
        for token in [false, true] {
            let sandbox = try Sandbox.make()
            defer { sandbox.remove() }
            try await withFakePVE { pve in
                try Self.prepare(pve)
                let environment = sandbox.environment(for: pve, token: token)
                let text = try await CLITests.run(
                    ["create", "debian", "--os-version", "12", "--hostname", "scan-text", "--ip", "10.40.0.5/24", "--yes", "--verbose"],
                    environment: environment)
                #expect(text.status == 0, "\(text.errors)")
                let json = try await CLITests.run(
                    ["create", "debian", "--os-version", "12", "--hostname", "scan-json", "--ip", "10.40.0.6/24", "--yes", "--json"],
                    environment: environment)
                #expect(json.status == 0, "\(json.errors)")
                #expect(try await Self.containerIDs(pve).count == 2, "both containers exist, so their configuration is scanned")
                // The password went in the create request over HTTPS, so the container has one; only its hash.
                let leaks = try await Self.scan([("create", text), ("create --json", json)], sandbox: sandbox, pve: pve, expectTickets: !token)
                #expect(leaks.isEmpty, "token login \(token): \(leaks)")
            }
        }
    }

    @Test("a create that fails after the container exists: the error, the log and the cleanup show no secret")
    func createFailure() async throws {
        try await Self.withSandbox(failingStart: true) { sandbox, pve in
            let environment = sandbox.environment(for: pve)
            let text = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.40.0.7/24", "--yes"], environment: environment)
            #expect(text.status == 117, "\(text.errors)")
            #expect(text.errors.contains("Full log: \(sandbox.temporary)/lxc-build-"), "the build log is in the sandbox, so it is scanned")
            let json = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.40.0.8/24", "--yes", "--json"],
                                              environment: environment)
            #expect(json.status == 117 && (json.json["error"] as? [String: Any])?["exitCode"] as? Int == 117, "\(json.output)")
            #expect(try await Self.containerIDs(pve).isEmpty)
            let logs = try FileManager.default.contentsOfDirectory(atPath: sandbox.temporary).filter { $0.hasPrefix("lxc-build-") }
            #expect(logs.count == 2)
            let leaks = try await Self.scan([("failed create", text), ("failed create --json", json)], sandbox: sandbox, pve: pve)
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }

    @Test("a login that fails: neither the wrong password nor the wrong token secret is in the error")
    func loginFailure() async throws {
        let sandbox = try Sandbox.make()
        defer { sandbox.remove() }
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var runs: [(String, CLITests.Run)] = []
            for token in [false, true] {
                let environment = sandbox.environment(for: pve, token: token)  // the fake knows neither secret
                for json in [false, true] {
                    let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--yes"] + (json ? ["--json"] : []),
                                                     environment: environment)
                    #expect(run.status == 77, "\(run.errors)")
                    runs.append(("login failure token=\(token) json=\(json)", run))
                }
            }
            #expect(try pve.writes().isEmpty)
            try pve.set("password", Self.apiPassword)  // for the scan's own reads
            let leaks = try await Self.scan(runs, sandbox: sandbox, pve: pve, expectTickets: false)
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }

    @Test("plan --json, create --dry-run, config show/save/diff --json: secrets masked; the saved file is 0600")
    func planAndConfig() async throws {
        try await Self.withSandbox { sandbox, pve in
            let environment = sandbox.environment(for: pve)
            var runs: [(String, CLITests.Run)] = []
            for arguments in [["plan", "debian", "--os-version", "12", "--json"], ["plan", "debian", "--os-version", "12"],
                              ["create", "debian", "--os-version", "12", "--dry-run", "--json"],
                              ["config", "show", "debian", "--json"], ["config", "show", "debian", "--explain"],
                              ["config", "diff", "debian", "--set", "cpu=3", "--json"], ["config", "save", "debian", "--set", "cpu=3", "--json"],
                              ["config", "diff", "debian", "--set", "cpu=4", "--set", "pw=Other-Pw-Marker1", "--json"]] {
                let run = try await CLITests.run(arguments, environment: environment)
                // config diff exits 1 when the settings differ from the file, as diff does.
                #expect(run.status == (arguments.starts(with: ["config", "diff"]) ? 1 : 0), "\(arguments): \(run.errors)")
                runs.append((arguments.joined(separator: " "), run))
            }
            let plan = try #require(runs.first?.1.json["requests"] as? [[String: Any]])
            #expect((plan.first?["parameters"] as? [String: String])?["password"] == "********", "the plan shows the password masked")
            let saved = try #require(runs.first { $0.0.hasPrefix("config save") }?.1.json["path"] as? String)
            #expect(saved.hasPrefix(sandbox.defaults))
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: saved)[.posixPermissions] as? NSNumber).intValue
            #expect(mode == 0o600)
            #expect(try String(contentsOfFile: saved, encoding: .utf8).contains("var_pw=\(Self.rootPassword)"),
                    "config save keeps the secret (build.func does), so the scan's 0600 rule is exercised")
            #expect(try pve.writes().isEmpty)
            var leaks = try await Self.scan(runs, sandbox: sandbox, pve: pve)
            var other = Scan(secrets: ["--set password": "Other-Pw-Marker1"])
            for (name, run) in runs { other.check(run.output + run.errors, in: name) }
            leaks += other.leaks
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }

    @Test("a root password in a defaults file only: masked in the build log and the output of a failed create")
    func passwordFromFile() async throws {
        try await Self.withSandbox(failingStart: true) { sandbox, pve in
            let file = sandbox.defaults + "/default.vars"
            try "var_pw=\(Self.rootPassword)\nvar_cpu=2\n".write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            var environment = sandbox.environment(for: pve)
            environment["var_pw"] = nil
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--mode", "mydefaults", "--ip", "10.40.0.9/24", "--verbose"],
                                             environment: environment)
            #expect(run.status == 117, "\(run.errors)")
            let leaks = try await Self.scan([("create with var_pw from a file", run)], sandbox: sandbox, pve: pve)
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }
}
