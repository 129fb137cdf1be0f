import Foundation
import Testing
@testable import ContainerKit

/// Log files and folders: never through a link, never into another user's file or folder; one masking rule.
@Suite("Log files, log folders and the redactor")
struct LogFileTests {
    /// A fresh folder of root's, mode 0700, removed by the caller.
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "lxcbuild-logfile-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return path
    }

    func problem(_ body: () throws(LogFileError) -> Void) -> LogFileError.Problem? {
        do throws(LogFileError) {
            try body()
            return nil
        } catch {
            return error.problem
        }
    }

    @Test("replace: this user's file 0644 is emptied and set to 0600; a hard-linked, a foreign and a group-writable one are left as they were")
    func replaceChecksTheFile() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let own = root + "/own.log"
        try "old content\n".write(toFile: own, atomically: false, encoding: .utf8)
        chmod(own, 0o644)
        try LogFile.write(Data("new\n".utf8), to: own, origin: .option("--log"))
        #expect(try String(contentsOfFile: own, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.attributesOfItem(atPath: own)[.posixPermissions] as? Int == 0o600)

        let linked = root + "/linked.log"
        #expect(link(own, linked) == 0)
        #expect(problem { () throws(LogFileError) in try LogFile.write(Data("x".utf8), to: linked) } == .hardLinks(count: 2))
        unlink(linked)

        let foreign = root + "/foreign.log"
        try "theirs\n".write(toFile: foreign, atomically: false, encoding: .utf8)
        #expect(chown(foreign, 65534, 65534) == 0 && chmod(foreign, 0o600) == 0)
        #expect(problem { () throws(LogFileError) in try LogFile.write(Data("x".utf8), to: foreign) } == .ownedByOther(uid: 65534))

        let shared = root + "/shared.log"
        try "shared\n".write(toFile: shared, atomically: false, encoding: .utf8)
        chmod(shared, 0o664)
        #expect(problem { () throws(LogFileError) in try LogFile.write(Data("x".utf8), to: shared) } == .writableByOthers(mode: 0o664))
        #expect(try String(contentsOfFile: foreign, encoding: .utf8) == "theirs\n" && String(contentsOfFile: shared, encoding: .utf8) == "shared\n")

        #expect(problem { () throws(LogFileError) in _ = try LogFile.create(own) } != nil, "create never opens an existing file")
    }

    @Test("prepareFolder: a missing one is made 0700; /tmp (sticky) is fine; a link, another user's folder and a 0777 one are refused")
    func preparesFolders() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let made = root + "/a/b"
        try LogFile.prepareFolder(made)
        #expect(try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? Int == 0o700)
        try LogFile.prepareFolder("/tmp")
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: made)
        #expect(problem { () throws(LogFileError) in try LogFile.prepareFolder(root + "/link") } == .symbolicLink(owner: 0))
        let theirs = root + "/theirs"
        try FileManager.default.createDirectory(atPath: theirs, withIntermediateDirectories: false)
        #expect(chown(theirs, 65534, 65534) == 0)
        #expect(problem { () throws(LogFileError) in try LogFile.prepareFolder(theirs) } == .ownedByOther(uid: 65534))
        let open = root + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o777)
        #expect(problem { () throws(LogFileError) in try LogFile.prepareFolder(open) } == .writableByOthers(mode: 0o777))
    }

    @Test("the redactor: the longest secret first, each once; values under 3 characters stay; bytes beyond ASCII work")
    func redactor() {
        let redactor = Redactor(secrets: ["token", "token-long", "ab", "token", "пароль"])
        #expect(redactor.secrets == ["пароль", "token-long", "token"], "longest in bytes first")
        #expect(redactor.redact("a token-long, a token, ab, пароль") == "a ********, a ********, ab, ********")
        #expect(Redactor(environment: ["var_forgejo_runner_token": "Tok-1", "var_cpu": "4", "PROXMOX_VE_PASSWORD": "Pw-2"]).secrets.sorted()
            == ["Pw-2", "Tok-1"])
    }
}
