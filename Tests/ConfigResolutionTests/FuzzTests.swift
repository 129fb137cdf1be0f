@testable import ConfigResolution
import Testing

/// SplitMix64: a small, seeded, deterministic generator.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

@Suite("Fuzzing")
struct FuzzTests {
    static let pieces: [String] = ConfigKey.allCases.map(\.variableName) + [
        "var_", "var_colour", "VAR_CPU", "var_cpu ", "=", "==", "#", "\"", "'", " ", "\t", "$(", ")", "`", ";",
        "&&", "\\", "\u{0}", "\r", "\r\n", "\u{FEFF}", "é", "🙂", "0", "1", "128", "4096", "yes", "no", "dhcp",
        "10.0.0.1/24", "-", "/", "..", "export ", "vmbr0", "a", "Z", "_", ":", ",", "*",
    ]

    static func randomText(lines: Int, seed: UInt64) -> String {
        var generator = SeededGenerator(seed: seed)
        return (0..<lines).map { _ in
            let count = Int.random(in: 0...12, using: &generator)
            return (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        }.joined(separator: "\n")
    }

    @Test("Random lines never crash the parser and never yield a key outside the whitelist",
          arguments: [UInt64(1), 42, 2026])
    func parserFuzz(seed: UInt64) {
        let text = Self.randomText(lines: 3000, seed: seed)
        let file = VarsFileParser().parse(text, path: "/fuzz.vars", scope: .global)
        let outsideWhitelist = file.entries.keys.filter { !$0.isFileKey }
        #expect(outsideWhitelist.isEmpty)
        #expect(!file.entries.isEmpty && !file.warnings.isEmpty)
        for entry in file.entries.values {
            if let value = entry.value {
                // Whatever was accepted passes its rule again, in its canonical spelling.
                #expect((try? SettingValidator().value(for: entry.key, from: value.canonicalText)) == value)
            }
        }
        // Deterministic: the same seed gives the same result.
        #expect(VarsFileParser().parse(Self.randomText(lines: 3000, seed: seed), path: "/fuzz.vars",
                                       scope: .global) == file)
    }

    @Test("Random environment variables never produce a value for an unknown key")
    func environmentFuzz() {
        var generator = SeededGenerator(seed: 7)
        var environment: [String: String] = [:]
        for _ in 0..<2000 {
            let name = Self.pieces.randomElement(using: &generator) ?? ""
            environment[name + (Bool.random(using: &generator) ? "" : "x")] =
                Self.randomText(lines: 1, seed: generator.next())
        }
        let layer = ConfigLayer.environment(environment)
        #expect(layer.values.keys.allSatisfy { environment[$0.variableName] != nil })
        #expect(layer.values.count + layer.rejections.count + layer.warnings.count > 0)
    }
}
