/// A failed script's log, ready to be searched for the phrases that explain a failure: its bytes with ASCII letters
/// lowered once, searched with ``ByteSearch``. The phrases are ASCII, so lowering ASCII letters is all the case
/// folding they need.
struct LogScan {
    private let lowered: [UInt8]

    /// Lowers `log` once.
    init(_ log: String) {
        var bytes = Array(log.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices where buffer[index] &- 65 < 26 { buffer[index] |= 0x20 }
        }
        lowered = bytes
    }

    /// Whether the log holds `phrase` (ASCII, lower case), in any case.
    func contains(_ phrase: String) -> Bool {
        let needle = Array(phrase.utf8)
        return lowered.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { ByteSearch.firstOffset(of: $0, in: haystack) != nil }
        }
    }

    /// Whether the log holds any of `phrases`.
    func containsAny(_ phrases: [String]) -> Bool {
        phrases.contains(where: contains)
    }
}
