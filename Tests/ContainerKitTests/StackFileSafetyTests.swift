import Foundation
import Testing
@testable import ContainerKit

/// A stack file reaches a root process with the command line's authority, so root refuses one another user could
/// have written, as it refuses such a `.vars` file.
@Suite("Stack files another user can touch")
struct StackFileSafetyTests {
    static func write(mode: Int, owner: UInt32? = nil) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stack-safety-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/web.yaml"
        try StackFileTests.example.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, mode_t(mode)) == 0)
        if let owner { #expect(chown(path, owner, gid_t(owner)) == 0) }
        return path
    }

    @Test("as root: a file anyone may write is refused, naming the fix; not writable by others, it is read")
    func worldWritable() throws {
        let open = try Self.write(mode: 0o666)
        defer { try? FileManager.default.removeItem(atPath: (open as NSString).deletingLastPathComponent) }
        let error = #expect(throws: BuildError.self) { try StackFile.load(open, effectiveUserID: 0) }
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(error?.message.contains("anyone may write it") == true, "\(error?.message ?? "")")
        #expect(error?.hint?.contains("chmod o-w") == true)
        #expect(chmod(open, 0o644) == 0)
        #expect(try StackFile.load(open, effectiveUserID: geteuid()).containers.count == 3)
    }

    @Test("as root: a file another user owns is refused; an ordinary user reads their own files unchecked",
          .enabled(if: geteuid() == 0, "chown needs root"))
    func ownedByAnother() throws {
        let path = try Self.write(mode: 0o644, owner: 65534)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let error = #expect(throws: BuildError.self) { try StackFile.load(path, effectiveUserID: 0) }
        #expect(error?.message.contains("owned by user 65534") == true, "\(error?.message ?? "")")
        #expect(try StackFile.load(path, effectiveUserID: 65534).containers.count == 3)
    }

    @Test("as root: a root-owned file another group may write is refused with chmod g-w; group root may write it",
          .enabled(if: geteuid() == 0, "chown needs root"))
    func groupWritable() throws {
        let path = try Self.write(mode: 0o664)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(chown(path, 0, 65_534) == 0)
        let error = #expect(throws: BuildError.self) { try StackFile.load(path, effectiveUserID: 0) }
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(error?.message.contains("group 65534 may write it") == true, "\(error?.message ?? "")")
        #expect(error?.hint?.contains("chmod g-w \(path)") == true, "\(error?.hint ?? "")")
        #expect(chown(path, 0, 0) == 0)
        #expect(try StackFile.load(path, effectiveUserID: 0).containers.count == 3)
    }

    @Test("a folder is not a stack file")
    func folder() {
        let error = #expect(throws: BuildError.self) { try StackFile.load(FileManager.default.temporaryDirectory.path) }
        #expect(error?.exitCode == BuildExitCode.usage)
    }
}
