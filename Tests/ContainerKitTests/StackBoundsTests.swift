import Foundation
import Testing
@testable import ContainerKit

/// Stack files are bounded: a file of 200,000 containers once kept a thread busy for over eleven minutes,
/// deaf to SIGTERM.
@Suite("Stack file bounds and the stacks' keys")
struct StackBoundsTests {
    /// A stack file of `count` containers, `web0:` ... with nothing under them (the defaults alone).
    static func file(containers count: Int) -> String {
        var text = "defaults:\n  app: debian\ncontainers:\n"
        text.reserveCapacity(count * 12 + 64)
        for index in 0..<count { text += "  w\(index):\n" }
        return text
    }

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stack-bounds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a file of 200,000 containers is refused by its size, before the YAML parse, from text and from disk")
    func hugeFileRefused() throws {
        let text = Self.file(containers: 200_000)
        let error = #expect(throws: BuildError.self) { try StackFile.parse(text, path: "huge.yaml") }
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(error?.message == "stack file huge.yaml has \(text.utf8.count) bytes; accepted: at most 1048576 (1 MiB)")
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/huge.yaml"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let fromDisk = #expect(throws: BuildError.self) { try StackFile.load(path) }
        #expect(fromDisk?.message.contains("accepted: at most 1048576") == true, "\(fromDisk?.message ?? "")")
    }

    @Test("1,000 containers are read; 1,001 in a small file are refused by their number; 1,001 settings in one are refused")
    func memberBound() throws {
        #expect(try StackFile.parse(Self.file(containers: 1000), path: "s.yaml").containers.count == 1000)
        let error = #expect(throws: BuildError.self) { try StackFile.parse(Self.file(containers: 1001), path: "s.yaml") }
        #expect(error?.message == "stack file s.yaml lists 1001 containers; accepted: at most 1000")
        let settings = (0...1000).map { "var_k\($0): 1" }.joined(separator: ", ")
        let many = #expect(throws: BuildError.self) {
            try StackFile.parse("containers:\n  web1:\n    settings: {\(settings)}\n", path: "s.yaml")
        }
        #expect(many?.message.contains("1001 settings in container web1; accepted: at most 1000") == true, "\(many?.message ?? "")")
    }

    @Test("a container's settings still override the defaults', each key once, in the file's order")
    func overridesKept() throws {
        let file = try StackFile.parse("""
            defaults: {app: debian, settings: {var_cpu: 1, var_ram: 512, var_disk: 4}}
            containers:
              web1: {settings: {var_ram: 2048, var_net: dhcp}}
            """, path: "s.yaml")
        let settings = try #require(file.containers.first).settings
        #expect(settings.map(\.variable) == ["var_cpu", "var_disk", "var_ram", "var_net"])
        #expect(settings.map(\.value) == ["1", "4", "2048", "dhcp"])
    }

    @Test("parsing stops when its task is cancelled (130), rather than reading every container")
    func cancellable() async {
        let text = Self.file(containers: 1000)
        let task = Task { () throws(BuildError) -> StackFile in
            withUnsafeCurrentTask { $0?.cancel() }
            return try StackFile.parse(text, path: "s.yaml")
        }
        let result = await task.result
        guard case .failure(let error) = result else {
            Issue.record("a cancelled parse read the whole file")
            return
        }
        #expect((error as? BuildError)?.exitCode == BuildExitCode.interrupted)
    }

    @Test("a stack's key is made once, 0600 in a 0700 folder, and read back the same; a second run gets the same key")
    func keyMadeOnce() throws {
        let parent = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let folder = parent + "/state/lxc-build/stack-keys"
        #expect(try StackKey.load(stack: "web-tier", folder: folder) == nil)
        let key = try StackKey.loadOrCreate(stack: "web-tier", folder: folder)
        #expect(try StackKey.loadOrCreate(stack: "web-tier", folder: folder) == key)
        #expect(try StackKey.load(stack: "web-tier", folder: folder) == key)
        let path = StackKey.path(stack: "web-tier", folder: folder)
        let file = try FileManager.default.attributesOfItem(atPath: path)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["web-tier.key"], "no partial file is left")
        #expect(try String(contentsOfFile: path, encoding: .utf8).wholeMatch(of: /[0-9a-f]{64}\n/) != nil)
    }

    @Test("a key others may read, a symbolic link or a file that is not a key is refused, naming the file and the fix")
    func unsafeKeyRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = try StackKey.loadOrCreate(stack: "web", folder: folder)
        let path = StackKey.path(stack: "web", folder: folder)
        #expect(chmod(path, 0o640) == 0)
        let readable = #expect(throws: BuildError.self) { try StackKey.load(stack: "web", folder: folder) }
        #expect(readable?.message.contains("nobody else may read or write") == true && readable?.message.contains(path) == true)
        #expect(readable?.hint?.contains("chmod 600 \(path)") == true)
        #expect(chmod(path, 0o600) == 0)
        #expect(try StackKey.load(stack: "web", folder: folder) == key)

        #expect(symlink(path, StackKey.path(stack: "linked", folder: folder)) == 0)
        let linked = #expect(throws: BuildError.self) { try StackKey.load(stack: "linked", folder: folder) }
        #expect(linked?.message.contains("symbolic link") == true, "\(linked?.message ?? "")")

        try "not a key\n".write(toFile: StackKey.path(stack: "junk", folder: folder), atomically: false, encoding: .utf8)
        #expect(chmod(StackKey.path(stack: "junk", folder: folder), 0o600) == 0)
        let junk = #expect(throws: BuildError.self) { try StackKey.loadOrCreate(stack: "junk", folder: folder) }
        #expect(junk?.message.contains("is not a key") == true)
    }

    @Test("the keys' folder: LXC_BUILD_STACK_KEYS, else /var/lib as root, else the XDG state folder")
    func keyFolder() {
        #expect(StackKey.folder(environment: ["LXC_BUILD_STACK_KEYS": "/k"], effectiveUserID: 0) == "/k")
        #expect(StackKey.folder(environment: [:], effectiveUserID: 0) == "/var/lib/lxc-build/stack-keys")
        #expect(StackKey.folder(environment: ["XDG_STATE_HOME": "/s"], effectiveUserID: 1000) == "/s/lxc-build/stack-keys")
        #expect(StackKey.folder(environment: ["HOME": "/home/a"], effectiveUserID: 1000) == "/home/a/.local/state/lxc-build/stack-keys")
    }
}
