import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

@Suite("Node shell on real LXC containers (local)", .enabled(if: LXCContainerFixture.isAvailable))
struct LocalNodeShellTests {
    let shell = LocalNodeShell(configLayout: .plainLXC)

    @Test("exec passes stdin and environment and returns the exit code; nothing of lxc-build's environment leaks in")
    func execStdinEnvironmentExitCode() async throws {
        try await withLXCContainer { container in
            let result = try await shell.script(
                ctid: container.ctid, #"read -r line; echo "$line|$GREETING"; env | sort > /tmp/env; exit 7"#,
                environment: ["GREETING": "hello world"], input: Data("from stdin\n".utf8))
            #expect(result.exitCode == 7)
            #expect(result.output == "from stdin|hello world\n")
            let environment = try container.attach("cat /tmp/env")
            #expect(environment.contains("GREETING=hello world"))
            #expect(!environment.contains("PROXMOX_VE") && !environment.contains("SWIFT"))
        }
    }

    @Test("arguments arrive byte for byte, hostile ones included")
    func hostileArguments() async throws {
        try await withLXCContainer { container in
            let result = try await shell.exec(ctid: container.ctid, ["/bin/sh", "-c", #"for a; do printf '%s\0' "$a"; done"#, "sh"] + hostileStrings)
            #expect(result.succeeded)
            #expect(result.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) == hostileStrings)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        }
    }

    @Test("copy in and out keeps every byte and sets the mode; a missing file is nil")
    func copyInOut() async throws {
        try await withLXCContainer { container in
            let bytes = Data((0...255).map { UInt8($0) } + Array("tail\n".utf8))
            try await shell.copyIn(ctid: container.ctid, bytes, to: "/opt/deep/folder/blob.bin", mode: "0600")
            #expect(try await shell.copyOut(ctid: container.ctid, from: "/opt/deep/folder/blob.bin") == bytes)
            #expect(try container.attach("stat -c %a /opt/deep/folder/blob.bin") == "600\n")
            #expect(try await shell.copyOut(ctid: container.ctid, from: "/no/such/file") == nil)
        }
    }

    @Test("raw config lines are read and appended once, in LXC's key = value form")
    func rawConfigLines() async throws {
        try await withLXCContainer { container in
            let lines = [RawConfigLine("lxc.cgroup2.devices.allow", "c 10:200 rwm"), RawConfigLine("lxc.mount.entry", "/dev/net/tun dev/net/tun none bind,create=file")]
            let first = try await shell.appendConfig(ctid: container.ctid, lines, comment: "lxc-build: TUN")
            #expect(first == ["lxc.cgroup2.devices.allow = c 10:200 rwm", "lxc.mount.entry = /dev/net/tun dev/net/tun none bind,create=file"])
            #expect(try await shell.appendConfig(ctid: container.ctid, lines).isEmpty)
            let read = try await shell.configLines(ctid: container.ctid)
            #expect(read.filter { $0.hasPrefix("lxc.cgroup2.devices.allow") }.count == 1)
            #expect(read.contains("lxc.net.0.type = empty"))
            let file = try String(contentsOfFile: container.configPath, encoding: .utf8)
            #expect(file.contains("# lxc-build: TUN\nlxc.cgroup2.devices.allow = c 10:200 rwm\n"))
        }
    }

    @Test("a secret given as environment or stdin never appears in any process's argument vector")
    func secretsStayOutOfArgv() async throws {
        try await withLXCContainer { container in
            let secret = "S3cret-\(UUID().uuidString)"
            let watcher = Task.detached { () -> Bool in
                let deadline = Date().addingTimeInterval(3)
                var seen = false
                while Date() < deadline && !seen {
                    for pid in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(pid) != nil {
                        if let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), String(decoding: data, as: UTF8.self).contains(secret) {
                            seen = true
                        }
                    }
                }
                return seen
            }
            let result = try await shell.script(
                ctid: container.ctid, #"read -r password; sleep 1; echo "root:$password" > /tmp/chpasswd; [ "$TOKEN" = "$password" ]"#,
                environment: ["TOKEN": secret], input: Data("\(secret)\n".utf8))
            #expect(result.succeeded)
            #expect(try container.attach("cat /tmp/chpasswd") == "root:\(secret)\n")
            #expect(await watcher.value == false)
            let argv = try LocalNodeShell.attachArguments(ctid: container.ctid, ["true"], environment: ["TOKEN": secret])
            #expect(!argv.joined().contains(secret))
        }
    }

    @Test("timeouts kill the command; a missing program is a launch error")
    func timeoutAndLaunch() async throws {
        await #expect(throws: NodeShellError.self) {
            _ = try await shell.onNode(["sleep", "5"], timeout: .milliseconds(200))
        }
        do {
            _ = try await shell.onNode(["no-such-program-xyz"])
            Issue.record("expected a launch error")
        } catch {
            #expect(error.kind == .launch)
        }
    }
}

@Suite("Shell quoting")
struct NodeShellQuotingTests {
    @Test("quoted words read back identically through sh")
    func roundTrip() async throws {
        let line = try ShellQuoting.commandLine(["printf", #"%s\0"#] + hostileStrings)
        let result = try await LocalNodeShell().onNode(["sh", "-c", line])
        #expect(result.output.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init) == hostileStrings)
        #expect(ShellQuoting.quote("plain-word_1.2") == "plain-word_1.2")
        #expect(ShellQuoting.quote("a=b") == "'a=b'")
        #expect(throws: NodeShellError.self) { try ShellQuoting.commandLine(["a\u{0}b"]) }
        #expect(throws: NodeShellError.self) { try ShellQuoting.exports(["1BAD": "x"]) }
    }

    @Test("ssh targets parse with user, port and IPv6 brackets; bad ones are refused")
    func targets() throws {
        #expect(try SSHTarget(parsing: "ssh://pve") == SSHTarget(user: "root", host: "pve", port: 22))
        #expect(try SSHTarget(parsing: "ssh://admin@pve.lan:2222") == SSHTarget(user: "admin", host: "pve.lan", port: 2222))
        #expect(try SSHTarget(parsing: "ssh://[fd00::1]:2200") == SSHTarget(user: "root", host: "fd00::1", port: 2200))
        for bad in ["pve", "ssh://", "ssh://-oProxyCommand=x", "ssh://pve:0", "ssh://pve:abc", "ssh://a b", "ssh://u;x@pve"] {
            #expect(throws: NodeShellError.self, "\(bad)") { try SSHTarget(parsing: bad) }
        }
    }
}
