import Foundation

/// SplitMix64: a small, seeded, deterministic generator, so a fuzz failure can be reproduced.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// How many rounds a fuzz test runs and from which seed: fixed in CI, more by hand with
/// `LXC_BUILD_FUZZ_ROUNDS=200000 LXC_BUILD_FUZZ_SEED=$RANDOM swift test --filter Fuzz`.
public enum FuzzSettings {
    /// `LXC_BUILD_FUZZ_ROUNDS`, else `standard`.
    public static func rounds(_ standard: Int) -> Int {
        ProcessInfo.processInfo.environment["LXC_BUILD_FUZZ_ROUNDS"].flatMap { Int($0) } ?? standard
    }

    /// A generator seeded from `LXC_BUILD_FUZZ_SEED`, else from `standard`.
    public static func generator(_ standard: UInt64) -> SeededGenerator {
        SeededGenerator(seed: ProcessInfo.processInfo.environment["LXC_BUILD_FUZZ_SEED"].flatMap { UInt64($0) } ?? standard)
    }
}
