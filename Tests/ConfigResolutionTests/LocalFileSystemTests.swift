@testable import ConfigResolution
import Foundation
import Testing

/// The real file system, but claiming to run as root so the ownership checks apply.
struct RootView: ConfigFileSystem {
    let real = LocalConfigFileSystem()
    func contents(of path: String) throws -> Data? { try real.contents(of: path) }
    func directoryEntries(at path: String) throws -> [String]? { try real.directoryEntries(at: path) }
    func status(of path: String) throws -> FileStatus? { try real.status(of: path) }
    func writeAtomically(_ data: Data, to path: String, permissions: UInt16) throws {
        try real.writeAtomically(data, to: path, permissions: permissions)
    }
    var effectiveUserID: UInt32 { 0 }
}

@Suite("LocalConfigFileSystem")
struct LocalFileSystemTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "config-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func setMode(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test("Atomic writes create parent folders, set 0600 or 0644, replace the old file and leave no temp file",
          arguments: [UInt16(0o600), 0o644])
    func atomicWrite(permissions: UInt16) throws {
        let fileSystem = LocalConfigFileSystem()
        let path = folder + "/defaults/app.vars"
        try fileSystem.writeAtomically(Data("old\n".utf8), to: path, permissions: 0o644)
        try fileSystem.writeAtomically(Data("var_cpu=2\n".utf8), to: path, permissions: permissions)
        #expect(try fileSystem.contents(of: path) == Data("var_cpu=2\n".utf8))
        let status = try #require(try fileSystem.status(of: path))
        #expect(status.permissions == permissions && !status.isDirectory)
        #expect(try fileSystem.directoryEntries(at: folder + "/defaults") == ["app.vars"])
        #expect(try fileSystem.status(of: folder)?.isDirectory == true)
        try FileManager.default.removeItem(atPath: folder)
    }

    @Test("A symbolic link reports its target's status and is read through")
    func symlink() throws {
        let target = folder + "/real.vars"
        try Data("var_cpu=3\n".utf8).write(to: URL(fileURLWithPath: target))
        try setMode(0o644, target)
        try FileManager.default.createSymbolicLink(atPath: folder + "/default.vars", withDestinationPath: target)
        let status = try #require(try LocalConfigFileSystem().status(of: folder + "/default.vars"))
        #expect(status.permissions == 0o644 && !status.isDirectory)
        let loader = ConfigLoader(fileSystem: RootView(), environment: [ConfigLocations.baseDirectoryVariable: folder],
                                  currentDirectory: folder)
        if status.ownerID == 0 {
            #expect(try loader.globalFile()?.entries[.cpu]?.value == .integer(3))
        } else {
            #expect(throws: ConfigError.self) { try loader.globalFile() }
        }
        try FileManager.default.removeItem(atPath: folder)
    }

    @Test("Missing paths are nil, not errors")
    func missing() throws {
        let fileSystem = LocalConfigFileSystem()
        #expect(try fileSystem.contents(of: folder + "/nope") == nil)
        #expect(try fileSystem.directoryEntries(at: folder + "/nope") == nil)
        #expect(try fileSystem.status(of: folder + "/nope") == nil)
        #expect(try fileSystem.contents(of: folder) == nil)
        try FileManager.default.removeItem(atPath: folder)
    }

    @Test("As root, world-writable files and files of other users are refused; safe files are read")
    func ownership() throws {
        let path = folder + "/default.vars"
        try Data("var_cpu=2\n".utf8).write(to: URL(fileURLWithPath: path))
        try setMode(0o644, path)
        let environment = [ConfigLocations.baseDirectoryVariable: folder]
        let loader = ConfigLoader(fileSystem: RootView(), environment: environment, currentDirectory: folder)
        let owner = try #require(try LocalConfigFileSystem().status(of: path)?.ownerID)
        if owner == 0 {
            #expect(try loader.globalFile()?.entries[.cpu]?.value == .integer(2))
            try setMode(0o666, path)
            #expect { _ = try loader.globalFile() } throws: { ($0 as? ConfigError)?.code == .unsafeFile }
            try setMode(0o644, path)
            try FileManager.default.setAttributes([.ownerAccountID: 65_534], ofItemAtPath: path)
        }
        // Now owned by a user other than root (either chowned above or created by a non-root test run).
        #expect { _ = try loader.globalFile() } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return (error as? ConfigError)?.code == .unsafeFile && message.contains("owned by user")
        }
        // The same file is read when the process is not root.
        let userLoader = ConfigLoader(fileSystem: InMemoryFileSystem(userID: 1000), environment: environment)
        #expect(try userLoader.globalFile() == nil)
        try FileManager.default.removeItem(atPath: folder)
    }

    @Test("As root, a root-owned file another group may write is refused, naming chmod g-w; group root may write it",
          .enabled(if: geteuid() == 0, "chown needs root"))
    func groupWritable() throws {
        let path = folder + "/default.vars"
        try Data("var_cpu=2\n".utf8).write(to: URL(fileURLWithPath: path))
        try setMode(0o664, path)
        #expect(chown(path, 0, 65_534) == 0)
        let environment = [ConfigLocations.baseDirectoryVariable: folder]
        let loader = ConfigLoader(fileSystem: RootView(), environment: environment, currentDirectory: folder)
        #expect { _ = try loader.globalFile() } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return (error as? ConfigError)?.code == .unsafeFile && message.contains("group 65534 may write it")
                && message.contains("chmod g-w \(path)")
        }
        // Group root (gid 0) has root's own authority; a file only root's group may write is read.
        #expect(chown(path, 0, 0) == 0)
        #expect(try loader.globalFile()?.entries[.cpu]?.value == .integer(2))
        // Not group-writable, any group may own it.
        try setMode(0o644, path)
        #expect(chown(path, 0, 65_534) == 0)
        #expect(try loader.globalFile()?.entries[.cpu]?.value == .integer(2))
        try FileManager.default.removeItem(atPath: folder)
    }
}
