import Foundation

/// An OpenSSH server on 127.0.0.1 and a free port, with a throwaway host key, a throwaway user key for root
/// and a known_hosts file naming the host key, so clients connect with host-key checking on.
public final class SSHServerFixture: Sendable {
    /// The port sshd listens on (loopback only).
    public let port: Int
    /// Folder of the keys and configuration, removed by ``stop()``.
    public let directory: String
    /// The private key to log in with.
    public var identityFile: String { "\(directory)/id_ed25519" }
    /// known_hosts holding the server's host key for `[127.0.0.1]:port`.
    public var knownHostsFile: String { "\(directory)/known_hosts" }
    private let pid: pid_t

    /// `true` when this process is root and sshd and ssh are installed.
    public static var isAvailable: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh")
    }

    private init(port: Int, directory: String, pid: pid_t) {
        self.port = port
        self.directory = directory
        self.pid = pid
    }

    /// Makes keys, writes the configuration and starts `sshd -D` in the foreground of a child process, then waits
    /// until a real login works. A port taken between choosing it and sshd binding it (other tests open loopback
    /// connections all the time) makes sshd exit: then it starts again on another port, up to three times.
    public static func start() throws -> SSHServerFixture {
        let directory = NSTemporaryDirectory() + "lxcbuild-sshd-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        do {
            try LXCContainerFixture.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "host", "-f", "\(directory)/host_ed25519"])
            try LXCContainerFixture.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", "\(directory)/id_ed25519"])
            try FileManager.default.copyItem(atPath: "\(directory)/id_ed25519.pub", toPath: "\(directory)/authorized_keys")
            var failures: [String] = []
            for _ in 0..<3 {
                switch try startOnce(directory: directory) {
                case .running(let server): return server
                case .failed(let reason): failures.append(reason)
                }
            }
            throw FakePVE.HarnessError(description: "sshd never accepted a login: " + failures.joined(separator: "; "))
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private enum StartAttempt {
        case running(SSHServerFixture)
        case failed(String)
    }

    /// One sshd on a fresh port: running once a login works, or failed with sshd's log and the last client output.
    private static func startOnce(directory: String) throws -> StartAttempt {
        let port = try freePort()
        let hostKey = try String(contentsOfFile: "\(directory)/host_ed25519.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: "\(directory)/known_hosts", atomically: true, encoding: .utf8)
        let config = """
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(directory)/host_ed25519
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile \(directory)/sshd.pid
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            AcceptEnv none
            LogLevel ERROR

            """
        try config.write(toFile: "\(directory)/sshd_config", atomically: true, encoding: .utf8)
        let pid = try LXCContainerFixture.spawn(
            ["/usr/sbin/sshd", "-D", "-e", "-f", "\(directory)/sshd_config"], stdin: "/dev/null", output: "\(directory)/sshd.log")
        let server = SSHServerFixture(port: port, directory: directory, pid: pid)
        func sshdLog() -> String {
            ((try? String(contentsOfFile: "\(directory)/sshd.log", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func exited() -> Bool {
            var status: Int32 = 0
            return waitpid(pid, &status, WNOHANG) == pid
        }
        // Accepting TCP is not yet answering SSH: wait until a real login works. A loaded machine running
        // sanitizer builds in parallel can take seconds, so the wait is long; a dead sshd ends it at once.
        let deadline = Date().addingTimeInterval(180)
        var lastOutput = ""
        while Date() < deadline {
            if exited() { return .failed("sshd on port \(port) exited: \(sshdLog())") }
            if canConnect(port: port) {
                let (status, output) = try LXCContainerFixture.spawnAndWait(server.clientArguments(["true"]), input: nil)
                if status == 0 {
                    if exited() { return .failed("port \(port) answered, but by another sshd: \(sshdLog())") }
                    return .running(server)
                }
                lastOutput = output.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            usleep(100_000)
        }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return .failed("sshd on port \(port) answered no login in 180 s; ssh said: \(lastOutput); sshd said: \(sshdLog())")
    }

    /// `ssh` arguments that run `command` on this server as root with the test key and host-key checking.
    public func clientArguments(_ command: [String]) -> [String] {
        ["ssh", "-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHostsFile)",
         "-i", identityFile, "-p", String(port), "root@127.0.0.1", "--"] + command
    }

    /// Stops sshd and removes the keys.
    public func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FakePVE.HarnessError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw FakePVE.HarnessError(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// Runs `body` with a running sshd, stopped afterwards also when `body` throws.
public func withSSHServer<T>(_ body: (SSHServerFixture) async throws -> T) async throws -> T {
    // Started and stopped off the concurrency pool: both wait on processes (see `withLXCContainer`).
    let server = try await offPool { try SSHServerFixture.start() }
    do {
        let result = try await body(server)
        _ = try? await offPool { server.stop() }
        return result
    } catch {
        _ = try? await offPool { server.stop() }
        throw error
    }
}
