public import Foundation
import Glibc

/// Date and time as text through the C library (`strftime`): Foundation's date formatters load ICU's calendar and
/// locale data on first use, about 5 million instructions, more than a whole create otherwise spends on its own work.
public enum TimeStamp {
    /// `2026-11-30T15:36:10Z`: ISO 8601 in UTC, as `ISO8601DateFormatter` writes it by default.
    public static func iso8601(_ date: Date) -> String {
        format(date, "%Y-%m-%dT%H:%M:%SZ", local: false)
    }

    /// `date` in the local time zone with a `strftime` pattern, such as `%Y-%m-%d %H:%M:%S`.
    public static func local(_ date: Date, _ pattern: String) -> String {
        format(date, pattern, local: true)
    }

    private static func format(_ date: Date, _ pattern: String, local: Bool) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        let converted = local ? localtime_r(&seconds, &parts) : gmtime_r(&seconds, &parts)
        guard converted != nil else { return "?" }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, pattern, &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
