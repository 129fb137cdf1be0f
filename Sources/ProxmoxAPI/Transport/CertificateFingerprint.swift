import Foundation

/// A SHA-256 certificate fingerprint as Proxmox VE shows it (`ssl_fingerprint` in `GET /nodes`,
/// the GUI's certificate view): 32 bytes written as colon-separated hex.
public struct CertificateFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Parses `AB:CD:...` (64 hex digits; colons optional, any case; an optional `sha256//` prefix is refused
    /// because that is libcurl's public-key pin, a different value).
    /// - Throws: ``ProxmoxError`` with code `.invalidArgument` saying what was expected.
    public init(parsing text: String) throws(ProxmoxError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let hex = trimmed.filter { $0 != ":" }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16), hex.distance(from: index, to: next) == 2 else {
                bytes = []
                break
            }
            bytes.append(byte)
            index = next
        }
        guard bytes.count == 32, hex.count == 64 else {
            throw ProxmoxError(
                .invalidArgument,
                message: "certificate fingerprint '\(text)' is not a SHA-256 fingerprint: expected 32 bytes "
                    + "as colon-separated hex, like the 'Fingerprint' PVE shows under Node > System > Certificates")
        }
        self.bytes = bytes
    }

    /// Wraps 32 digest bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Upper-case colon-separated hex, as PVE prints it.
    public var description: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: ":")
    }
}
