import Glibc

/// Literal search and replace on UTF-8 bytes, for logs that may hold 64 MiB of a stream: Foundation's `String`
/// search on Linux converts the whole text to UTF-16 for every call, which took seconds on such a log.
enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `start`, or `nil`.
    static func firstOffset(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let base = haystack.baseAddress, let first = needle.first, haystack.count - start >= needle.count else {
            return needle.isEmpty ? start : nil
        }
        let lastStart = base + (haystack.count - needle.count)
        var cursor = base + start
        // memchr finds each place the first byte is; memcmp checks the rest there.
        while cursor <= lastStart, let found = memchr(cursor, Int32(first), lastStart - cursor + 1) {
            let candidate = UnsafeRawPointer(found)
            if memcmp(candidate, needle.baseAddress!, needle.count) == 0 { return candidate - base }
            cursor = candidate + 1
        }
        return nil
    }

    /// `text` with every `secret` (in order, each on the result of the one before) replaced by `mask`.
    static func replacing(_ secrets: [String], with mask: String, in text: String) -> String {
        secrets.reduce(text) { text, secret in replacing(secret, with: mask, in: text) }
    }

    /// `text` with every `secret` replaced by `mask`; `text` itself when it holds none.
    static func replacing(_ secret: String, with mask: String, in text: String) -> String {
        let bytes = Array(text.utf8)
        let needle = Array(secret.utf8)
        guard !needle.isEmpty else { return text }
        return bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { needle in
                guard var found = firstOffset(of: needle, in: haystack) else { return text }
                var result: [UInt8] = []
                result.reserveCapacity(haystack.count)
                var copied = 0
                while true {
                    result.append(contentsOf: haystack[copied..<found])
                    result.append(contentsOf: mask.utf8)
                    copied = found + needle.count
                    guard let next = firstOffset(of: needle, in: haystack, from: copied) else { break }
                    found = next
                }
                result.append(contentsOf: haystack[copied...])
                return String(decoding: result, as: UTF8.self)
            }
        }
    }
}
