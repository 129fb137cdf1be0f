import ConfigResolution
import Foundation
import ContainerKitTestSupport
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// A real unprivileged LXC container with the `lxc.idmap` lines ``IDMapping`` computes, written by the node-shell code
/// the plan's `mapIDs` action runs (``NodeShell/appendConfig(ctid:_:comment:)`` and the `/etc/subuid`, `/etc/subgid`
/// command), and a bind mount of a host folder owned by host uid 1000: uid 1000 inside writes there, and the host sees
/// the file owned by 1000. The node's `/etc/subuid` and `/etc/subgid` are restored afterwards.
@Suite("A bind mount with mapped ids in a real unprivileged container", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct IDMappedBindMountTests {
    @Test("uid 1000 inside writes to a host folder owned by host uid 1000; the file is 1000's on the host")
    func writableAsMappedUser() async throws {
        let ctid = Int.random(in: 90_000_000...99_999_999)
        let host = try temporaryFolder() + "/media"
        let mounts = try MountPointSetting.parseList("\(host),mp=/media,uid=1000,gid=1000")
        let mapping = try #require(IDMapping(mounts: mounts))
        let saved = try ["/etc/subuid", "/etc/subgid"].map { ($0, try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let shell = LocalNodeShell(configLayout: .plainLXC)
        defer {
            _ = try? LXCContainerFixture.shell("lxc-stop", "-n", String(ctid), "-k")
            _ = try? LXCContainerFixture.shell("lxc-destroy", "-n", String(ctid), "-f")
            for (path, data) in saved { try? data.write(to: URL(fileURLWithPath: path)) }
            try? FileManager.default.removeItem(atPath: host)
        }
        try await offPool {
            try LXCContainerFixture.shell("lxc-create", "-n", String(ctid), "-t", "busybox")
            let directory = "/var/lib/lxc/\(ctid)"
            let config = try String(contentsOfFile: directory + "/config", encoding: .utf8)
            let lines = config.split(separator: "\n").filter { !$0.hasPrefix("lxc.net.0.") } + [
                "lxc.net.0.type = empty", "lxc.mount.entry = \(host) media none bind,create=dir 0 0",
            ]
            try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/config", atomically: true, encoding: .utf8)
            // What an unprivileged container's root disk is on PVE: owned by the container's root (host 100000), its
            // folder traversable by it.
            try LXCContainerFixture.shell("chown", "-R", "100000:100000", directory + "/rootfs")
            try LXCContainerFixture.shell("chmod", "0755", directory)
            try FileManager.default.createDirectory(atPath: host, withIntermediateDirectories: true)
            try LXCContainerFixture.shell("chown", "1000:1000", host)
        }
        for (file, wanted) in [("/etc/subuid", mapping.subuidLines), ("/etc/subgid", mapping.subgidLines)] {
            let command = ContainerBuilder.subordinateIDCommand(file: file, lines: wanted)
            let result = try await shell.onNode(command.arguments, timeout: command.timeout)
            #expect(result.succeeded, "\(result.errorOutput)")
            let again = try await shell.onNode(command.arguments, timeout: command.timeout)
            #expect(again.succeeded)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for line in wanted { #expect(text.split(separator: "\n").filter { $0 == line }.count == 1, "\(file): \(text)") }
        }
        let appended = try await shell.appendConfig(ctid: ctid, mapping.configLines, comment: "lxc-build: ids mapped for var_mounts")
        #expect(appended == mapping.ranges.map { "lxc.idmap = \($0)" })
        let written = try await offPool { () throws -> (String, String) in
            try LXCContainerFixture.shell("lxc-start", "-n", String(ctid), "-d")
            try LXCContainerFixture.shell("lxc-wait", "-n", String(ctid), "-s", "RUNNING", "-t", "300")
            let inside = try LXCContainerFixture.run([
                "lxc-attach", "-n", String(ctid), "--clear-env", "-u", "1000", "-g", "1000", "--", "/bin/sh", "-c",
                "id -u; echo written-inside > /media/file; stat -c %u:%g /media/file",
            ])
            let rootInside = try LXCContainerFixture.run(["lxc-attach", "-n", String(ctid), "--clear-env", "--", "/bin/sh", "-c", "touch /root-file"])
            return (inside + rootInside, try LXCContainerFixture.shell("stat", "-c", "%u:%g", "/var/lib/lxc/\(ctid)/rootfs/root-file"))
        }
        #expect(written.0.split(separator: "\n").map(String.init) == ["1000", "1000:1000"], "\(written.0)")
        let status = try FileManager.default.attributesOfItem(atPath: host + "/file")
        #expect((status[.ownerAccountID] as? NSNumber)?.intValue == 1000 && (status[.groupOwnerAccountID] as? NSNumber)?.intValue == 1000)
        #expect(try String(contentsOfFile: host + "/file", encoding: .utf8) == "written-inside\n")
        #expect(written.1.trimmingCharacters(in: .whitespacesAndNewlines) == "100000:100000", "root inside is still unprivileged: host 100000")
    }
}
