import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Synchronization
import Testing
@testable import ContainerKit

/// A node shell that hands every command to `inner` and keeps the exact argument vector of the child process
/// that carries it (`ssh`'s, for an ``SSHNodeShell``) and the command's stdin.
final class ArgvRecordingShell: NodeShell {
    let inner: SSHNodeShell
    var configLayout: ContainerConfigLayout { inner.configLayout }
    var name: String { inner.name }
    private let log = Mutex<[(arguments: [String], input: Data)]>([])
    var invocations: [(arguments: [String], input: Data)] { log.withLock { $0 } }

    init(_ inner: SSHNodeShell) {
        self.inner = inner
    }

    func run(_ command: NodeCommand) async throws(NodeShellError) -> CommandResult {
        let invocation = try inner.invocation(for: command)
        log.withLock { $0.append(invocation) }
        return try await inner.run(command)
    }
}

/// Reads the command line of every process on the machine (`/proc/PID/cmdline`) every millisecond while it
/// runs, and keeps those holding a marker: the children lxc-build starts, the remote shells sshd starts, and
/// lxc-attach and what runs in the container are all visible from the host.
final class ProcessArgvSampler: Sendable {
    private let markers: [String]
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let found = Mutex<Set<String>>([])
    private let rounds = Atomic<Int>(0)

    init(markers: [String]) {
        self.markers = markers
        Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                sample()
                rounds.add(1, ordering: .relaxed)
                usleep(1000)
            }
            done.signal()
        }.start()
    }

    private func sample() {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
        for pid in pids {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { continue }
            let line = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            if markers.contains(where: line.contains) { _ = found.withLock { $0.insert(line) } }
        }
    }

    /// Whether a command line holding `marker` has been seen so far.
    func hasSeen(_ marker: String) -> Bool {
        found.withLock { $0.contains { $0.contains(marker) } }
    }

    /// Stops sampling and returns the command lines that held a marker, and how many times /proc was read.
    func stop() -> (hits: Set<String>, rounds: Int) {
        stopped.store(true, ordering: .relaxed)
        done.wait()
        return (found.withLock { $0 }, rounds.load(ordering: .relaxed))
    }
}

/// Issue 8 at the ContainerKit level: the root password set through the node shell (the pvesh route, where the
/// API cannot carry it) reaches the container on stdin and in lxc-attach's environment, never in an argument
/// vector, a log, an error or a file others can read.
@Suite("Secrets through a node shell over ssh", .serialized,
       .enabled(if: LXCContainerFixture.isAvailable && SSHServerFixture.isAvailable))
struct SecretScanNodeShellTests {
    static let password = "NodePw-Marker-8Lm3,=;$(touch /tmp/pwned)"
    static let marker = "NodePw-Marker-8Lm3"

    /// What one build left behind.
    struct Evidence {
        var result: Result<BuildResult, BuildError>
        var invocations: [(arguments: [String], input: Data)]
        var sampled: (hits: Set<String>, rounds: Int)
        var logs: String
        /// What the container saw: chpasswd's stdin, and `$PASSWORD` as the install script read it.
        var chpasswdInput: String
        var passwordSeen: String
        var events: [BuildEvent]
        var requests: [(method: String, path: String)]

        /// Argument vectors (recorded and sampled), events, request paths, the error, and the log folder's files
        /// (no marker, mode 0600 or narrower).
        var leaks: [String] {
            var leaks = invocations.filter { $0.arguments.joined(separator: " ").contains(SecretScanNodeShellTests.marker) }.map { "ssh argv: \($0.arguments)" }
            leaks += sampled.hits.map { "a process's command line: \($0)" }
            leaks += events.map { "\($0)" }.filter { $0.contains(SecretScanNodeShellTests.marker) }.map { "event: \($0)" }
            leaks += requests.filter { $0.path.contains(SecretScanNodeShellTests.marker) }.map { "request path: \($0.path)" }
            if case .failure(let error) = result, "\(error) \(error.hint ?? "")".contains(SecretScanNodeShellTests.marker) { leaks.append("error: \(error)") }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? [] {
                let path = logs + "/" + name
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                let mode = ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
                if text.contains(SecretScanNodeShellTests.marker) { leaks.append("file \(path)") }
                if mode & 0o177 != 0 { leaks.append("file \(path) has mode \(String(mode, radix: 8))") }
            }
            return leaks
        }
    }

    /// A build through ssh to the loopback sshd, into a real container; the API goes through a transport that
    /// cannot carry secrets (as pvesh), so the password is set with chpasswd. The container has no chpasswd
    /// (busybox), so a stand-in keeps what it reads on stdin in `/root/chpasswd.input`.
    func build(installBody: String) async throws -> Evidence {
        let catalog = try makeCatalog(body: installBody)
        defer { try? FileManager.default.removeItem(atPath: catalog) }
        let logs = try temporaryFolder()
        return try await withSSHServer { server in
            var evidence: Evidence?
            try await withAppContainer(catalog: catalog, logDirectory: logs) { container, pve, spec, options in
                let chpasswd = "\(container.rootfs)/usr/bin/chpasswd"
                try ExecutableFile.write("#!/bin/sh\ncat > /root/chpasswd.input\n", to: chpasswd)
                var spec = spec
                spec.password = Self.password
                var options = options
                let shell = ArgvRecordingShell(SSHNodeShell(
                    target: SSHTarget(host: "127.0.0.1", port: server.port), identityFile: server.identityFile,
                    knownHostsFile: server.knownHostsFile, configLayout: .plainLXC))
                options.provisioning?.shell = shell
                options.provisioning?.sessionID = "5ec12e75"
                let transport = PatchingTransport(try pve.passwordClient().transport, carriesSecrets: false)
                let events = EventLog()
                let builder = ContainerBuilder(client: ProxmoxClient(transport: transport, retryPolicy: .fast), options: options,
                                               events: events.handler, sleep: { _ in })
                let sampler = ProcessArgvSampler(markers: [Self.marker, "ArgvSamplerProbe"])
                let result: Result<BuildResult, BuildError>
                do { result = .success(try await builder.create(spec)) } catch let error as BuildError { result = .failure(error) }
                // The sampler's self-check: a short child with a marker of its own in its arguments is seen. On a
                // loaded machine (a sanitizer run, every suite at once) one pass over /proc can outlast a child of
                // 0.3 s, so the child is started again, up to ten times, until a pass has caught it.
                for _ in 1...10 where !sampler.hasSeen("ArgvSamplerProbe") {
                    _ = try await offPool { try LXCContainerFixture.run(["/bin/sh", "-c", "sleep 0.3; exit 0", "ArgvSamplerProbe"]) }
                }
                var sampled = sampler.stop()
                #expect(sampled.hits.contains { $0.contains("ArgvSamplerProbe") }, "the sampler sees a child's command line")
                sampled.hits = sampled.hits.filter { !$0.contains("ArgvSamplerProbe") }
                let read = { (path: String) in (try? String(contentsOfFile: "\(container.rootfs)\(path)", encoding: .utf8)) ?? "" }
                evidence = Evidence(result: result, invocations: shell.invocations, sampled: sampled, logs: logs,
                                    chpasswdInput: read("/root/chpasswd.input"), passwordSeen: read("/root/password.seen"),
                                    events: events.all, requests: try pve.requests())
            }
            return try #require(evidence)
        }
    }

    @Test("a successful install: the password only on chpasswd's stdin and in the install's environment")
    func success() async throws {
        let run = try await build(installBody: #"""
            printf '%s' "$PASSWORD" > /root/password.seen
            msg_ok "Installed"
            """#)
        defer { try? FileManager.default.removeItem(atPath: run.logs) }
        #expect(throws: Never.self) { try run.result.get() }
        #expect(run.chpasswdInput == "root:\(Self.password)\n")
        #expect(run.passwordSeen == Self.password, "the install script gets the password unchanged, through its environment")
        #expect(run.invocations.contains { $0.arguments.last?.contains("chpasswd") == true
            && String(decoding: $0.input, as: UTF8.self).hasSuffix("root:\(Self.password)\n") })
        #expect(run.sampled.rounds >= 10, "the sampler ran during the build")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        #expect(run.leaks.isEmpty, "\(run.leaks)")
    }

    @Test("a failing install that prints the password: the combined log and .errinfo are redacted and 0600")
    func failure() async throws {
        let run = try await build(installBody: #"""
            echo "using password $PASSWORD" | tee /tmp/demo.log
            echo "password=$PASSWORD" > "$INSTALL_LOG.errinfo"
            ( exit 100 )
            """#)
        defer { try? FileManager.default.removeItem(atPath: run.logs) }
        guard case .failure(let error) = run.result else {
            Issue.record("the install should have failed")
            return
        }
        #expect(error.exitCode == 100)
        let files = try FileManager.default.contentsOfDirectory(atPath: run.logs)
        let log = try #require(files.first { $0.hasSuffix("-5ec12e75.log") }, "\(files)")
        #expect(try String(contentsOfFile: run.logs + "/" + log, encoding: .utf8).contains("using password ********"))
        let errorInfo = try String(contentsOfFile: run.logs + "/.errinfo-5ec12e75", encoding: .utf8)
        #expect(errorInfo.contains("password=********"), "\(errorInfo)")
        #expect(run.chpasswdInput == "root:\(Self.password)\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        #expect(run.leaks.isEmpty, "\(run.leaks)")
    }
}
