import Foundation
import HostProbe
import Testing

@Suite("Local file system")
struct LocalFileSystemTests {
    let fileSystem = LocalFileSystem()

    @Test("stat reads /dev/null as character device 1:3")
    func devNull() {
        #expect(fileSystem.deviceNumber(at: "/dev/null") == DeviceNumber(kind: .character, major: 1, minor: 3))
    }

    @Test("stat reads /dev/net/tun as character device 10:200", .enabled(if: LocalFileSystem().exists(at: "/dev/net/tun")))
    func devNetTun() {
        #expect(fileSystem.deviceFile(at: "/dev/net/tun")?.description == "/dev/net/tun (c 10:200)")
    }

    @Test("Regular files, folders and missing paths are not device nodes")
    func notDevices() {
        #expect(fileSystem.deviceNumber(at: "/proc/self/status") == nil)
        #expect(fileSystem.deviceNumber(at: "/dev") == nil)
        #expect(fileSystem.deviceNumber(at: "/nonexistent/device") == nil)
    }

    @Test("procfs files, whose size reads as 0, are read in full")
    func procFiles() throws {
        let status = try #require(fileSystem.text(at: "/proc/self/status"))
        #expect(status.contains("Uid:"))
        #expect(fileSystem.contents(of: "/proc") == nil)
        #expect(fileSystem.contents(of: "/nonexistent") == nil)
    }

    @Test("Links are read without being followed, and canonicalPath follows them all")
    func links() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostprobe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("real/inner"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/alias", withDestinationPath: "real/inner")
        #expect(fileSystem.symlinkDestination(at: folder.path + "/alias") == "real/inner")
        #expect(fileSystem.canonicalPath(folder.path + "/alias/../inner") == fileSystem.canonicalPath(folder.path + "/real/inner"))
        #expect(fileSystem.directoryEntries(at: folder.path) == ["alias", "real"])
        #expect(fileSystem.symlinkDestination(at: folder.path + "/real") == nil)
    }
}

@Suite("Rooted file system")
struct RootedFileSystemTests {
    /// A temporary tree with real links, one of which is absolute and must stay inside the root.
    func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hostprobe-root-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("etc/ssh"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("_probe"), withIntermediateDirectories: true)
        try "inside\n".write(to: root.appendingPathComponent("etc/hostname"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: root.path + "/etc/ssh/escape", withDestinationPath: "/etc/hostname")
        try manager.createSymbolicLink(atPath: root.path + "/loop", withDestinationPath: "loop")
        try "c 10:200 /dev/net/tun\n# comment\n\nb 8:0 /dev/sda # disk\n"
            .write(to: root.appendingPathComponent("_probe/devices"), atomically: true, encoding: .utf8)
        try "/dev/disk/by-id/ata-X -> ../../sda\n"
            .write(to: root.appendingPathComponent("_probe/links"), atomically: true, encoding: .utf8)
        return root
    }

    @Test("An absolute link target resolves inside the root, never to the real host")
    func absoluteLinkStaysInside() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let fileSystem = try RootedFileSystem(root: root)
        #expect(fileSystem.text(at: "/etc/ssh/escape") == "inside\n")
        #expect(fileSystem.canonicalPath("/etc/ssh/escape") == "/etc/hostname")
    }

    @Test("Declared nodes and links exist, are listed in their folders and resolve like real ones")
    func declaredEntries() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let fileSystem = try RootedFileSystem(root: root)
        #expect(fileSystem.directoryEntries(at: "/dev") == ["disk", "net", "sda"])
        #expect(fileSystem.directoryEntries(at: "/dev/disk/by-id") == ["ata-X"])
        #expect(fileSystem.exists(at: "/dev/net"))
        #expect(fileSystem.deviceNumber(at: "/dev/disk/by-id/ata-X") == DeviceNumber(kind: .block, major: 8, minor: 0))
        #expect(fileSystem.deviceNumber(at: "/dev/net/tun")?.description == "c 10:200")
        #expect(fileSystem.deviceNumber(at: "/etc/hostname") == nil)
        #expect(fileSystem.directoryEntries(at: "/nonexistent") == nil)
    }

    @Test("A link loop ends instead of hanging")
    func linkLoop() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let fileSystem = try RootedFileSystem(root: root)
        #expect(fileSystem.contents(of: "/loop") == nil)
    }

    @Test("Malformed sidecar lines and a missing root are fixture errors that name the problem")
    func malformed() throws {
        #expect(throws: ProbeError.self) { try RootedFileSystem.parseDeviceManifest("c 226 /dev/dri/card0") }
        let error = #expect(throws: ProbeError.self) { try RootedFileSystem.parseLinkManifest("# ok\nrelative -> x") }
        #expect(error?.code == .invalidFixture)
        #expect(error?.message == "link manifest line 2 is not `/path -> target`")
        #expect(throws: ProbeError.self) { try RootedFileSystem(root: URL(fileURLWithPath: "/nonexistent-root")) }
    }
}

@Suite("Device numbers")
struct DeviceNumberTests {
    @Test("dev_t values split like glibc's major() and minor()", arguments: [
        (UInt64(0x0103), UInt32(1), UInt32(3)),
        (UInt64(0xe280), 226, 128),
        (UInt64(0x0a_c8), 10, 200),
        (UInt64(0xc3_ff), 195, 255),
    ] as [(UInt64, UInt32, UInt32)])
    func rawDevice(raw: UInt64, major: UInt32, minor: UInt32) {
        let number = DeviceNumber(kind: .character, rawDevice: raw)
        #expect(number.major == major)
        #expect(number.minor == minor)
    }

    @Test("Large major numbers use the high bits of dev_t")
    func largeMajor() {
        // makedev(511, 2) in glibc: ((511 & 0xfff) << 8) | (2 & 0xff)
        #expect(DeviceNumber(kind: .character, rawDevice: (511 << 8) | 2).majorMinor == "511:2")
        // makedev(4096, 300): major bits above 12 go to bit 32, minor bits above 8 to bit 12
        let raw: UInt64 = (UInt64(4096 & ~0xfff) << 32) | (UInt64(300 & ~0xff) << 12) | UInt64(300 & 0xff)
        #expect(DeviceNumber(kind: .block, rawDevice: raw).description == "b 4096:300")
    }

    @Test("Text forms parse and print the same way")
    func text() {
        #expect(DeviceNumber.parse("c 226:128")?.description == "c 226:128")
        #expect(DeviceNumber.parse("x 1:2") == nil)
        #expect(DeviceNumber.parse("c 1") == nil)
    }
}
