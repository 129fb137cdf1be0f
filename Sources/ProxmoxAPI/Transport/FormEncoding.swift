/// Percent-encoding for PVE's form bodies, query strings and path segments.
enum FormEncoding {
    /// RFC 3986 unreserved characters: the only ones left as they are in a form value.
    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    /// Characters a path segment may carry unencoded (PVE's UPIDs have `:`, `@`, `!`).
    private static let segmentSafe: Set<UInt8> = unreserved.union(Array(":@!".utf8))

    /// Every byte outside the unreserved set becomes `%XX`, so `,` `=` `;` `&` `+` and newlines
    /// in values cannot change the form's structure.
    static func encodeComponent(_ text: String) -> String {
        encode(text, keeping: unreserved)
    }

    /// A path segment: `/`, `?`, `#`, `%` and everything unusual encoded.
    static func encodePathSegment(_ text: String) -> String {
        encode(text, keeping: segmentSafe)
    }

    /// `name=value&name=value` with both sides encoded.
    static func encodeForm(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encodeComponent($0.0))=\(encodeComponent($0.1))" }.joined(separator: "&")
    }

    private static func encode(_ text: String, keeping allowed: Set<UInt8>) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
