public import Foundation

/// A real LXC container for tests: busybox (optionally with the host's bash), no network
/// (`lxc.net.0.type = empty`), named as a numeric CTID so it can stand in for a Proxmox VE container.
///
/// Needs root and the `lxc` and `busybox-static` packages (`make system-deps`).
public final class LXCContainerFixture: Sendable {
    /// The container's name, a number like a CTID.
    public let ctid: Int
    /// `/var/lib/lxc/CTID`.
    public var directory: String { "/var/lib/lxc/\(ctid)" }
    /// The container's root file system, as seen from the host.
    public var rootfs: String { "\(directory)/rootfs" }
    /// The LXC configuration file.
    public var configPath: String { "\(directory)/config" }

    /// `true` when this process is root and LXC's tools are installed.
    public static var isAvailable: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/lxc-create")
            && FileManager.default.fileExists(atPath: "/usr/share/lxc/templates/lxc-busybox")
    }

    private init(ctid: Int) { self.ctid = ctid }

    /// Creates and starts a container; with `bash`, the host's `/bin/bash` is copied in (its libraries come
    /// from the read-only `/lib` and `/usr/lib` bind mounts of the busybox template).
    public static func start(bash: Bool = false) throws -> LXCContainerFixture {
        let fixture = LXCContainerFixture(ctid: Int.random(in: 90_000_000...99_999_999))
        do {
            try shell("lxc-create", "-n", String(fixture.ctid), "-t", "busybox")
            let config = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
            var lines = config.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("lxc.net.0.") }
            lines.append("lxc.net.0.type = empty")
            try lines.joined(separator: "\n").appending("\n").write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
            if bash {
                try FileManager.default.copyItem(atPath: "/bin/bash", toPath: "\(fixture.rootfs)/bin/bash")
            }
            try FileManager.default.createDirectory(atPath: "\(fixture.rootfs)/usr/bin", withIntermediateDirectories: true)
            try shell("lxc-start", "-n", String(fixture.ctid), "-d")
            try shell("lxc-wait", "-n", String(fixture.ctid), "-s", "RUNNING", "-t", "20")
        } catch {
            fixture.destroy()
            throw error
        }
        return fixture
    }

    /// Stops (killing) and destroys the container; never throws, so it can run in any cleanup.
    public func destroy() {
        _ = try? Self.shell("lxc-stop", "-n", String(ctid), "-k")
        _ = try? Self.shell("lxc-destroy", "-n", String(ctid), "-f")
    }

    /// Runs a host command as root, returning its stdout.
    /// - Throws: ``FakePVE/HarnessError`` with its output when it fails.
    @discardableResult
    public static func shell(_ arguments: String...) throws -> String {
        try run(arguments)
    }

    /// Runs a host command given as an array, stdout and stderr together.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`, whose child reaping can stall when tests block
    /// the cooperative threads.
    @discardableResult
    public static func run(_ arguments: [String], input: Data? = nil) throws -> String {
        let (status, text) = try spawnAndWait(arguments, input: input)
        guard status == 0 else {
            throw FakePVE.HarnessError(description: "\(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
        return text
    }

    static func spawnAndWait(_ arguments: [String], input: Data?) throws -> (Int32, String) {
        let base = NSTemporaryDirectory() + "lxcbuild-cmd-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: base + ".in", contents: input ?? Data())
        defer {
            try? FileManager.default.removeItem(atPath: base + ".in")
            try? FileManager.default.removeItem(atPath: base + ".out")
        }
        let pid = try spawn(arguments, stdin: base + ".in", output: base + ".out")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), text)
    }

    /// Starts `arguments` (looked up in PATH) with stdin from a file and stdout/stderr to a file.
    static func spawn(_ arguments: [String], stdin: String, output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else { throw FakePVE.HarnessError(description: "could not start \(arguments[0]): \(result)") }
        return pid
    }

    /// Runs `/bin/sh -c script` in the container with the test's own lxc-attach, returning stdout.
    @discardableResult
    public func attach(_ script: String) throws -> String {
        try Self.run(["lxc-attach", "-n", String(ctid), "--clear-env", "--", "/bin/sh", "-c", script])
    }
}

/// Runs `body` with a fresh container, destroyed afterwards also when `body` throws.
///
/// Starting and destroying block on `lxc-*` commands for seconds: they run off the concurrency pool (``offPool(_:)``),
/// which has about one thread per core, so other tests are not stalled meanwhile.
public func withLXCContainer<T>(bash: Bool = false, _ body: (LXCContainerFixture) async throws -> T) async throws -> T {
    let container = try await offPool { try LXCContainerFixture.start(bash: bash) }
    do {
        let result = try await body(container)
        _ = try? await offPool { container.destroy() }
        return result
    } catch {
        _ = try? await offPool { container.destroy() }
        throw error
    }
}
