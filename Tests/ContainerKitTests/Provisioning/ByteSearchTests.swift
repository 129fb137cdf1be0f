import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

@Suite("Byte-level search in logs: the same answers as Foundation's, without its cost on long logs")
struct ByteSearchTests {
    /// Text from a small alphabet with a non-ASCII letter, so needles are found often, partly and at the edges.
    static func text(_ length: Int, using generator: inout SeededGenerator) -> String {
        let alphabet: [Character] = ["a", "b", "A", "B", "é", "\n", " "]
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    @Test("Fuzz: masking secrets gives what replacingOccurrences gives, secrets in order, overlaps and all")
    func fuzzReplacing() {
        var generator = FuzzSettings.generator(0xB17E)
        for _ in 0..<FuzzSettings.rounds(3000) {
            let text = Self.text(Int.random(in: 0...40, using: &generator), using: &generator)
            let secrets = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                Self.text(Int.random(in: 1...3, using: &generator), using: &generator)
            }
            let want = secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") }
            #expect(ByteSearch.replacing(secrets, with: "********", in: text) == want, "\(text.debugDescription) \(secrets)")
        }
    }

    @Test("Fuzz: a phrase is found in any case exactly when the lowered log contains it")
    func fuzzLogScan() {
        var generator = FuzzSettings.generator(0x5CA7)
        for _ in 0..<FuzzSettings.rounds(3000) {
            let log = Self.text(Int.random(in: 0...40, using: &generator), using: &generator)
            let phrase = Self.text(Int.random(in: 1...4, using: &generator), using: &generator).lowercased()
            #expect(LogScan(log).contains(phrase) == log.lowercased().contains(phrase), "\(log.debugDescription) \(phrase.debugDescription)")
        }
    }

    @Test("A phrase at the very start, at the very end, longer than the log, or only in another case")
    func edges() {
        let scan = LogScan("E: Unable to locate package demo\nTemporary failure resolving 'deb.debian.org'")
        #expect(scan.contains("e: unable to locate package"))
        #expect(scan.contains("deb.debian.org'"))
        #expect(!scan.contains("deb.debian.org''"))
        #expect(!LogScan("ab").contains("abc"))
        #expect(ByteSearch.replacing("abc", with: "***", in: "abcabc") == "******")
        #expect(ByteSearch.replacing("", with: "***", in: "abc") == "abc")
    }
}
