import Foundation
import LXCBuildTestSupport
import Testing
@testable import ProxmoxAPI

/// Hostile and random input: parsers never crash, and nothing round-trips into extra keys.
@Suite("Fuzzing parsers with hostile input")
struct FuzzTests {
    @Test("random bytes and mutated JSON never crash the jansson parser")
    func json() {
        var random = FuzzSettings.generator(42)
        let seeds = [#"{"data":{"a":[1,2,{"b":"c"}],"n":-1.5e300}}"#, #"["\ud83d\ude80",null,true,9223372036854775808]"#]
        for round in 0..<FuzzSettings.rounds(3000) {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            if let value = try? JSONValue.parse(Data(bytes)) {
                #expect((try? JSONValue.parse(value.serialized())) == value)
            }
        }
    }

    @Test("random property strings either fail to parse or re-encode to the same keys, never more")
    func propertyStrings() {
        var random = FuzzSettings.generator(7)
        let alphabet = Array("abc=,;/:\n\t\u{0}é=,xyz0123-_ ".unicodeScalars)
        for _ in 0..<FuzzSettings.rounds(3000) {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0...24, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
            guard let parsed = try? PropertyString(parsing: text, defaultKey: "volume") else { continue }
            if let encoded = try? parsed.encoded(defaultKey: "volume") {
                let again = try? PropertyString(parsing: encoded, defaultKey: "volume")
                #expect(again?.entries.map(\.key) == parsed.entries.map(\.key))
            }
        }
    }

    @Test("random UPID-like strings never crash and only accept the documented shape")
    func upids() {
        var random = FuzzSettings.generator(99)
        let valid = "UPID:pve1:000003E9:00001B5F:6B08A0D7:vzcreate:120:root@pam:"
        for _ in 0..<FuzzSettings.rounds(3000) {
            var scalars = Array(valid.unicodeScalars)
            let index = Int.random(in: 0..<scalars.count, using: &random)
            scalars[index] = Unicode.Scalar(UInt8.random(in: 32...126, using: &random))
            let text = String(String.UnicodeScalarView(scalars))
            if let upid = try? UPID(parsing: text) {
                #expect(upid.rawValue.hasPrefix("UPID:") && upid.rawValue.hasSuffix(":"))
                #expect(!upid.node.isEmpty && !upid.type.isEmpty && !upid.user.isEmpty)
            }
        }
    }
}
