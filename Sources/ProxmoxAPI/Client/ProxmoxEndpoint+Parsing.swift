import Foundation

/// The pieces of an endpoint, read by a strict grammar of its own rather than a URL parser: URL parsers
/// decode `%`-escapes and accept user information, which is how `https://127.0.0.2%23.pve.example.com:8006`
/// came to mean the host 127.0.0.2.
struct EndpointParts: Equatable {
    var scheme: String
    /// Without brackets for IPv6.
    var host: String
    var port: Int

    /// Why a value is refused.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    static func parse(_ text: String) -> Result<EndpointParts, Refusal> {
        if let refusal = refusedCharacter(in: text) { return .failure(Refusal(reason: refusal)) }
        var rest = Substring(text)
        var scheme = "https"
        if let separator = rest.range(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            guard scheme == "https" || scheme == "http" else {
                return .failure(Refusal(reason: "the scheme '\(rest[..<separator.lowerBound])' is not https"))
            }
            rest = rest[separator.upperBound...]
        }
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        let path = rest[pathStart...]
        guard ["", "/", "/api2/json", "/api2/json/"].contains(path) else {
            return .failure(Refusal(reason: "the path '\(path)' is not / or /api2/json"))
        }
        return hostAndPort(rest[..<pathStart]).map { EndpointParts(scheme: scheme, host: $0.host, port: $0.port) }
    }

    /// The first character no endpoint may contain, as a reason.
    private static func refusedCharacter(in text: String) -> String? {
        if text.isEmpty { return "it is empty" }
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
                return "it contains a space or a control character"
            }
            if !scalar.isASCII {
                return "it contains '\(scalar)', which is not ASCII (write an international name in its xn-- form)"
            }
        }
        let refused: [(Character, String)] = [
            ("@", "it has a user name or password before '@'"), ("?", "it has a query ('?')"),
            ("#", "it has a fragment ('#')"), ("%", "it has a %-escape"), ("\\", "it contains a backslash"),
        ]
        return refused.first { text.contains($0.0) }?.1
    }

    private static func hostAndPort(_ authority: Substring) -> Result<(host: String, port: Int), Refusal> {
        let host: Substring
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                return .failure(Refusal(reason: "the '[' of an IPv6 address is never closed"))
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else {
                    return .failure(Refusal(reason: "'\(after)' follows the IPv6 address instead of ':PORT'"))
                }
                port = after.dropFirst()
            }
            guard isIPv6Address(host) else {
                return .failure(Refusal(reason: "'[\(host)]' is not an IPv6 address"))
            }
        } else {
            let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else {
                return .failure(Refusal(reason: "it has more than one ':' (an IPv6 address goes in brackets: https://[fd00::5]:8006)"))
            }
            host = pieces[0]
            port = pieces.count == 2 ? pieces[1] : nil
            guard !host.isEmpty else { return .failure(Refusal(reason: "it has no host")) }
            guard isIPv4Address(host) || isHostName(host) else {
                return .failure(Refusal(reason: "'\(host)' is not a host name or an IPv4 address (four numbers 0-255, no leading zeros)"))
            }
        }
        guard let port else { return .success((String(host), 8006)) }
        guard (1...5).contains(port.count), port.allSatisfy(\.isASCIIDigit), let number = Int(port), (1...65535).contains(number)
        else {
            return .failure(Refusal(reason: "the port '\(port)' is not a number from 1 to 65535"))
        }
        return .success((String(host), number))
    }

    /// Dotted decimal, exactly four numbers 0-255 without leading zeros (`127.1`, `0x7f.0.0.1` and `0177.0.0.1`
    /// mean 127.0.0.1 to the system's resolver; they are refused, not reinterpreted).
    static func isIPv4Address(_ text: Substring) -> Bool {
        let numbers = text.split(separator: ".", omittingEmptySubsequences: false)
        return numbers.count == 4 && numbers.allSatisfy { number in
            (1...3).contains(number.count) && number.allSatisfy(\.isASCIIDigit)
                && (number == "0" || number.first != "0") && (Int(number) ?? 256) <= 255
        }
    }

    /// DNS labels of letters, digits, `-` and `_` (no leading or trailing `-`), 63 characters at most each,
    /// 253 in all. The last label may not start with a digit: that makes it a number, which is an IPv4 address or
    /// nothing.
    static func isHostName(_ text: Substring) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.count <= 253, let last = labels.last, last.first?.isASCIIDigit == false else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }

    /// What `inet_pton` accepts as IPv6 (zone ids are refused earlier: they need `%`).
    static func isIPv6Address(_ text: Substring) -> Bool {
        var address = in6_addr()
        return text.contains(":") && inet_pton(AF_INET6, String(text), &address) == 1
    }
}

extension Character {
    /// `0`-`9` only (`isNumber` also accepts other scripts' digits and fractions).
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
