import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing
@testable import lxc_build

/// Build logs: one folder, kept for failures, pruned to the newest, `--log FILE` to choose.
@Suite("Build log folder", .serialized)
struct LogFolderTests {
    @Test("the folder: LXC_BUILD_LOG_DIR, else /var/log/lxc-build as root, else $XDG_STATE_HOME/lxc-build/logs or ~/.local/state")
    func folder() {
        #expect(RunLog.folder(environment: ["LXC_BUILD_LOG_DIR": "/srv/logs", "XDG_STATE_HOME": "/x"], isRoot: true) == "/srv/logs")
        #expect(RunLog.folder(environment: ["XDG_STATE_HOME": "/x"], isRoot: true) == "/var/log/lxc-build")
        #expect(RunLog.folder(environment: ["XDG_STATE_HOME": "/x", "HOME": "/home/a"], isRoot: false) == "/x/lxc-build/logs")
        #expect(RunLog.folder(environment: ["HOME": "/home/a"], isRoot: false) == "/home/a/.local/state/lxc-build/logs")
    }

    @Test("a failed create keeps its log in the folder, which keeps only the newest; --log FILE keeps a successful run's log")
    func prunedAndChosen() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let folder = try CLITests.temporaryDirectory()
            environment["LXC_BUILD_LOG_DIR"] = folder
            for index in 0..<(RunLog.kept + 3) {
                let name = String(format: "lxc-build-20200101-0000%02d-old%05d.log", index % 60, index)
                try "old\n".write(toFile: (folder as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            // A failure after a write (the container made, its start refused): a run that did something keeps its log.
            try pve.failStarts("startup failed")
            let failed = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.8/24", "--gateway", "10.9.0.1", "--yes"],
                                                environment: environment)
            try pve.failStarts(nil)
            #expect(failed.status != 0)
            let path = String(try #require(failed.errors.firstMatch(of: /Full log: (\S+)/)).1)
            #expect(path.hasPrefix(folder + "/lxc-build-"))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".log") }
            #expect(left.count == RunLog.kept, "\(left.count)")
            #expect(left.contains((path as NSString).lastPathComponent), "the new log is among the kept ones")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            let chosen = (try CLITests.temporaryDirectory() as NSString).appendingPathComponent("run.log")
            let created = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.9/24", "--gateway", "10.9.0.1",
                                                  "--yes", "--log", chosen], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            #expect(try String(contentsOfFile: chosen, encoding: .utf8).contains("Container ID:"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".log") }.count == RunLog.kept)
        }
    }

    @Test("--log FILE that another user made beforehand (mode 666): refused with 64 naming --log; its content, owner and mode untouched")
    func chosenFileOfAnotherUser() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let folder = try CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let planted = (folder as NSString).appendingPathComponent("planted.log")
            try "someone else's file\n".write(toFile: planted, atomically: false, encoding: .utf8)
            #expect(chown(planted, 65534, 65534) == 0 && chmod(planted, 0o666) == 0)
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.10/24", "--gateway", "10.9.0.1",
                                              "--yes", "--log", planted], environment: environment)
            #expect(run.status == 64, "\(run.errors)")
            #expect(run.errors.contains("--log \(planted)") && run.errors.contains("65534"), "\(run.errors)")
            #expect(try String(contentsOfFile: planted, encoding: .utf8) == "someone else's file\n")
            let attributes = try FileManager.default.attributesOfItem(atPath: planted)
            #expect((attributes[.posixPermissions] as? Int) == 0o666 && (attributes[.ownerAccountID] as? Int) == 65534)
            #expect(try pve.writes().isEmpty, "refused before anything is created")
        }
    }

    @Test("LXC_BUILD_LOG_DIR that is another user's symbolic link: refused with 64 naming the variable; nothing written where it points")
    func logFolderLinkOfAnotherUser() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let folder = try CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let target = (folder as NSString).appendingPathComponent("target")
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let link = (folder as NSString).appendingPathComponent("logs")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(lchown(link, 65534, 65534) == 0)
            environment["LXC_BUILD_LOG_DIR"] = link
            let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--storage", "nosuch", "--yes"], environment: environment)
            #expect(run.status == 64, "\(run.errors)")
            #expect(run.errors.contains("LXC_BUILD_LOG_DIR") && run.errors.contains("symbolic link"), "\(run.errors)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
        }
    }
}
