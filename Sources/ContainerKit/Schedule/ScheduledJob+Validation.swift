import ConfigResolution
import Foundation

extension ScheduledJob {
    /// Longest accepted name, calendar expression and argument list (in bytes).
    static let nameLimit = 40
    static let calendarLimit = 200
    static let argumentsLimit = 8 << 10

    /// Checks what can be checked without the node (``ScheduleInstaller`` also asks `systemd-analyze calendar`).
    /// - Throws: ``BuildError`` 64 naming the value and what is accepted: a name that is not
    ///   `[a-z0-9][a-z0-9_-]*` of at most 40; a calendar that is empty, too long or holds other characters than
    ///   letters, digits, space and `*,:./~-+`; an argument with a line break or NUL byte, or one that sets a secret
    ///   setting (the job file would keep it); a notify address that is not `https://` (`http://` only to a loopback
    ///   address) or has a space.
    public func validate() throws(BuildError) {
        guard name.count <= Self.nameLimit, name.wholeMatch(of: #/[a-z0-9][a-z0-9_-]*/#) != nil else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "schedule name \(BuildError.quoted(name)) is not valid",
                             hint: "Use lower-case letters, digits, '-' and '_', starting with a letter or digit, at most \(Self.nameLimit).")
        }
        let calendarCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " *,:./~-+"))
        guard !calendar.trimmingCharacters(in: .whitespaces).isEmpty, calendar.utf8.count <= Self.calendarLimit,
              calendar.unicodeScalars.allSatisfy({ $0.isASCII && calendarCharacters.contains($0) }) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--on \(BuildError.quoted(calendar)) is not a calendar expression lxc-build accepts",
                             hint: "Give a systemd calendar expression such as daily, weekly, 'Sun 03:00' or '*-*-* 04:30:00' (man systemd.time).")
        }
        try validateArguments()
        if let notifyURL { try Self.validateNotify(notifyURL) }
    }

    private func validateArguments() throws(BuildError) {
        guard arguments.joined().utf8.count <= Self.argumentsLimit else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "the scheduled \(command.rawValue)'s arguments are longer than \(Self.argumentsLimit) bytes")
        }
        for (index, argument) in arguments.enumerated() {
            if argument.contains("\n") || argument.contains("\r") || argument.utf8.contains(0) {
                throw BuildError(exitCode: BuildExitCode.usage, message: "the scheduled argument \(BuildError.quoted(argument)) holds a line break or NUL byte")
            }
            let assignment = argument == "--set" && index + 1 < arguments.count ? arguments[index + 1]
                : argument.hasPrefix("--set=") ? String(argument.dropFirst("--set=".count)) : nil
            guard let assignment, let name = assignment.split(separator: "=", maxSplits: 1).first else { continue }
            let variable = name.hasPrefix("var_") ? String(name) : "var_" + name
            if ConfigKey(variableName: variable).map(\.isSecret) ?? ConfigKey.looksSecret(variable) {
                throw BuildError(exitCode: BuildExitCode.usage, message: "the scheduled \(command.rawValue) sets \(variable), a secret: the job file would keep it",
                                 hint: "Keep secrets in the node's settings files (var_* in /usr/local/community-scripts/default.vars, 0600), not in a schedule.")
            }
        }
    }

    /// A notify address: `https://`, or `http://` to a loopback address; no spaces or control characters.
    static func validateNotify(_ url: String) throws(BuildError) {
        let shown = shown(notify: url)
        guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty,
              !url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }),
              parsed.scheme == "https" || (parsed.scheme == "http" && Self.isLoopback(host)) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--notify \(shown) is not an https:// address",
                             hint: "Give the webhook's https:// URL (ntfy, healthchecks, any service that takes a JSON POST); http:// only to a loopback address.")
        }
    }

    /// A notify address for messages: a login in it masked, control characters escaped.
    static func shown(notify url: String) -> String {
        BuildError.quoted(ConfigKey.httpProxy.secretParts(of: url).reduce(url) { $0.replacingOccurrences(of: $1, with: "********") })
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
