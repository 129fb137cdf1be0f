import Foundation
import Testing
@testable import ContainerKit

/// The per-user lock folder: made safely, and refused (with the path, what was found and the fix) when another
/// user could have prepared it.
@Suite("Per-user folders")
struct PrivateFolderTests {
    /// A fresh parent folder and the per-user folder's path in it (not yet made).
    static func place() throws -> (parent: String, folder: String) {
        let parent = NSTemporaryDirectory() + "lxcbuild-private-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        return (parent, parent + "/lxc-build-\(geteuid())")
    }

    static func refusal(_ folder: String) async -> BuildError? {
        do {
            try await FileTemplateDownloadLock(directory: folder).withLock("k", timeout: .seconds(5)) { () throws(BuildError) in }
            return nil
        } catch {
            return error
        }
    }

    @Test("a missing folder is made with mode 0700, and a lock is taken in it")
    func created() async throws {
        let (parent, folder) = try Self.place()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let refusal = await Self.refusal(folder)
        #expect(refusal == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder)
        #expect(attributes[.posixPermissions] as? Int == 0o700)
        #expect(attributes[.ownerAccountID] as? Int == Int(geteuid()))
    }

    @Test("made beforehand by another user: refused, naming the path, the owner and the fix",
          .enabled(if: geteuid() == 0, "only root can give a folder to another user"))
    func otherOwner() async throws {
        let (parent, folder) = try Self.place()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(chown(folder, 65534, 65534) == 0)
        let error = try #require(await Self.refusal(folder))
        #expect(error.exitCode == BuildExitCode.templateLock)
        #expect(error.message.contains(folder) && error.message.contains("uid 65534") && error.message.contains("rm -rf \(folder)"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/template-k.lock"), "nothing was made in it")
    }

    @Test("writable by others: refused with the mode found", arguments: [0o777, 0o770, 0o1777])
    func wrongMode(_ mode: Int) async throws {
        let (parent, folder) = try Self.place()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: folder)
        let error = try #require(await Self.refusal(folder))
        #expect(error.message.contains(folder) && error.message.contains("mode 0\(String(mode, radix: 8))"), "\(error)")
        #expect(error.message.contains("rm -rf"))
    }

    @Test("a symbolic link, even to a folder of this user: refused")
    func symbolicLink() async throws {
        let (parent, folder) = try Self.place()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let target = parent + "/elsewhere"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: target)
        let error = try #require(await Self.refusal(folder))
        #expect(error.message.contains(folder) && error.message.contains("symbolic link"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty, "nothing was made through the link")
    }

    @Test("XDG_RUNTIME_DIR is used when it is this user's own; otherwise the per-user folder in TMPDIR")
    func runtimeFolder() throws {
        let (parent, _) = try Self.place()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let runtime = parent + "/run"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(FileTemplateDownloadLock.standard(environment: ["XDG_RUNTIME_DIR": runtime]).directory == runtime + "/lxc-build")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: runtime)
        let fallback = FileTemplateDownloadLock.standard(environment: ["XDG_RUNTIME_DIR": runtime, "TMPDIR": parent]).directory
        #expect(fallback != runtime + "/lxc-build")
        if geteuid() != 0 { #expect(fallback == parent + "/lxc-build-\(geteuid())") }
        #expect(FileTemplateDownloadLock.standard(environment: ["XDG_RUNTIME_DIR": "relative"]).directory != "relative/lxc-build")
    }
}
