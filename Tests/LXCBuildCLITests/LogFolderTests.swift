import Foundation
import LXCBuildTestSupport
import Testing
@testable import lxc_build

/// Build logs: one folder, kept for failures, pruned to the newest, `--log FILE` to choose.
@Suite("Build log folder", .serialized)
struct LogFolderTests {
    @Test("the folder: LXC_BUILD_LOG_DIR, else /var/log/lxc-build as root, else $XDG_STATE_HOME/lxc-build/logs or ~/.local/state")
    func folder() {
        #expect(BuildLog.folder(environment: ["LXC_BUILD_LOG_DIR": "/srv/logs", "XDG_STATE_HOME": "/x"], isRoot: true) == "/srv/logs")
        #expect(BuildLog.folder(environment: ["XDG_STATE_HOME": "/x"], isRoot: true) == "/var/log/lxc-build")
        #expect(BuildLog.folder(environment: ["XDG_STATE_HOME": "/x", "HOME": "/home/a"], isRoot: false) == "/x/lxc-build/logs")
        #expect(BuildLog.folder(environment: ["HOME": "/home/a"], isRoot: false) == "/home/a/.local/state/lxc-build/logs")
    }

    @Test("a failed create keeps its log in the folder, which keeps only the newest; --log FILE keeps a successful run's log")
    func prunedAndChosen() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let folder = try CLITests.temporaryDirectory()
            environment["LXC_BUILD_LOG_DIR"] = folder
            for index in 0..<(BuildLog.kept + 3) {
                let name = String(format: "lxc-build-20200101-0000%02d-old%05d.log", index % 60, index)
                try "old\n".write(toFile: (folder as NSString).appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            let failed = try await CLITests.run(["create", "debian", "--os-version", "12", "--storage", "nosuch", "--yes"], environment: environment)
            #expect(failed.status != 0)
            let path = String(try #require(failed.errors.firstMatch(of: /Full log: (\S+)/)).1)
            #expect(path.hasPrefix(folder + "/lxc-build-"))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".log") }
            #expect(left.count == BuildLog.kept, "\(left.count)")
            #expect(left.contains((path as NSString).lastPathComponent), "the new log is among the kept ones")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            let chosen = (try CLITests.temporaryDirectory() as NSString).appendingPathComponent("run.log")
            let created = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.9/24", "--gateway", "10.9.0.1",
                                                  "--yes", "--log", chosen], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            #expect(try String(contentsOfFile: chosen, encoding: .utf8).contains("Container ID:"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".log") }.count == BuildLog.kept)
        }
    }
}
