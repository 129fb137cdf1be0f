import Foundation
import Testing
@testable import ContainerKit

/// The combined logs of failed installs are pruned to the newest 20, as the build logs are; nothing else is touched.
@Suite("Combined install logs pruned")
struct CombinedLogFolderTests {
    @Test("which names are combined logs")
    func names() {
        #expect(CombinedLogFolder.session(ofLogNamed: "home-assistant-105-0a1b2c3d.log") == "0a1b2c3d")
        #expect(CombinedLogFolder.session(ofLogNamed: "debian-100-deadbeef.log") == "deadbeef")
        for other in ["lxc-build-20261130-120000-0a1b2c3d.log", "post-install-100.log", "notes.log", "x-100-0a1b2c3.log",
                      "x-1a0-0a1b2c3d.log", "-100-0a1b2c3d.log", "x-100-0a1b2c3d.txt", "x-100-zzzzzzzz.log"] {
            #expect(CombinedLogFolder.session(ofLogNamed: other) == nil, "\(other)")
        }
    }

    @Test("25 combined logs: the newest 20 stay with their .errinfo, the others go; other files and links stay")
    func prune() throws {
        let folder = NSTemporaryDirectory() + "lxcb-combined-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        var sessions: [String] = []
        for index in 0..<25 {
            let session = String(format: "%08x", 0xa000_0000 + index)
            sessions.append(session)
            let log = "\(folder)/app-\(100 + index)-\(session).log"
            let errinfo = "\(folder)/.errinfo-\(session)"
            for path in [log, errinfo] {
                #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
                try FileManager.default.setAttributes([.modificationDate: base.addingTimeInterval(Double(index))], ofItemAtPath: path)
            }
        }
        // The one just written is kept though its time says it is the oldest.
        let written = "\(folder)/app-100-\(sessions[0]).log"
        let unrelated = ["lxc-build-20261130-120000-0a1b2c3d.log", "post-install-100.log", "notes.txt"]
        for name in unrelated { #expect(FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data())) }
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/link-999-0b0b0b0b.log", withDestinationPath: "/etc/hostname")

        CombinedLogFolder.prune(folder, keeping: written)

        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        let keptSessions = [sessions[0]] + sessions.suffix(20)
        for (index, session) in sessions.enumerated() {
            let shouldStay = keptSessions.contains(session)
            #expect(left.contains("app-\(100 + index)-\(session).log") == shouldStay, "log \(index)")
            #expect(left.contains(".errinfo-\(session)") == shouldStay, "errinfo \(index)")
        }
        for name in unrelated + ["link-999-0b0b0b0b.log"] { #expect(left.contains(name), "\(name) was removed") }
        #expect(FileManager.default.fileExists(atPath: "/etc/hostname"))
    }
}
