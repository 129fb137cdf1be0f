public import Foundation

/// One accepted assignment of a `.vars` file.
public struct VarsEntry: Sendable, Hashable {
    /// The key assigned.
    public let key: ConfigKey
    /// The validated value, or `nil` for an empty assignment such as `var_mtu=`.
    public let value: SettingValue?
    /// The file and line.
    public let source: SettingSource
}

/// A parsed `.vars` file: its accepted assignments (the last one of each key) and its warnings.
public struct VarsFile: Sendable, Hashable {
    /// The file's path.
    public let path: String
    /// The accepted assignment of each key; a later line replaces an earlier one.
    public let entries: [ConfigKey: VarsEntry]
    /// Skipped lines, unknown keys, duplicates, each with file and line.
    public let warnings: [ConfigWarning]
    /// Values of the app's own keys (see ``VarsFileParser/appKeys``), by variable name, with file and line.
    public var appEntries: [String: LayerValue] = [:]
    /// Values refused that are not skipped with a warning: a secret (`var_pw`) that breaks its rule. Skipping it
    /// would build the container with no password at all (build.func's automatic console login), so resolution fails.
    public var rejections: [ValueRejection] = []

    /// The keys in the order of the lines that set them.
    public var orderedEntries: [VarsEntry] {
        entries.values.sorted { ($0.source.line ?? 0) < ($1.source.line ?? 0) }
    }
}

/// Reads build.func's `.vars` format without ever executing anything.
///
/// Rules (build.func's `load_vars_file`, which never sources or evals a file): lines are trimmed; blank lines and
/// `#` comments are skipped; a line must be `NAME=VALUE` with a whitelisted `var_*` name; an unquoted value ends at
/// the first `#`; a value in matching `"…"` or `'…'` keeps everything between the first and the last quote; trailing
/// whitespace is removed; the value must pass its key's rule. Any line that breaks a rule is skipped with a warning
/// naming file and line.
public struct VarsFileParser: Sendable {
    /// Which layer the file feeds.
    public enum Scope: Sendable, Hashable {
        /// The global `default.vars`.
        case global
        /// An app defaults file.
        case app
    }

    /// The validator applied to every value.
    public let validator: SettingValidator
    /// The app's own keys (``AppProfile/appKeys``) accepted besides the settings; any other unknown name is
    /// skipped with a warning.
    public let appKeys: Set<String>

    /// A parser using `validator`, accepting the app's own keys `appKeys`.
    public init(validator: SettingValidator = SettingValidator(), appKeys: Set<String> = []) {
        self.validator = validator
        self.appKeys = appKeys
    }

    /// Parses file bytes; invalid UTF-8 becomes U+FFFD and then fails validation.
    public func parse(_ data: Data, path: String, scope: Scope) -> VarsFile {
        parse(String(decoding: data, as: UTF8.self), path: path, scope: scope)
    }

    /// Parses file text.
    public func parse(_ text: String, path: String, scope: Scope) -> VarsFile {
        var entries: [ConfigKey: VarsEntry] = [:]
        var appEntries: [String: LayerValue] = [:]
        var warnings: [ConfigWarning] = []
        var rejections: [ValueRejection] = []
        // "\r\n" is a single Character, so CRLF files split like LF files.
        // A leading byte-order mark (files saved by some Windows editors) is not part of the first line.
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, rawLine) in lines.enumerated() {
            let source: SettingSource = scope == .app
                ? .appFile(path: path, line: index + 1) : .globalFile(path: path, line: index + 1)
            switch parseLine(rawLine, source: source) {
            case .skip:
                continue
            case .warning(let warning):
                warnings.append(warning)
            case .rejection(let rejection):
                rejections.append(rejection)
            case .appEntry(let variable, let value):
                if appEntries[variable] != nil {
                    warnings.append(ConfigWarning(kind: .duplicateKey, variable: variable, source: source,
                                                  message: "\(source): \(variable) is set again; this line replaces the earlier one"))
                }
                appEntries[variable] = value.map { LayerValue(value: .text($0), source: source) }
            case .entry(let entry):
                if let previous = entries[entry.key] {
                    warnings.append(ConfigWarning(
                        kind: .duplicateKey, variable: entry.key.variableName, source: source,
                        message: "\(source): \(entry.key.variableName) is set again; this line replaces "
                            + "line \(previous.source.line ?? 0)"))
                }
                entries[entry.key] = entry
            }
        }
        var file = VarsFile(path: path, entries: entries, warnings: warnings, appEntries: appEntries)
        file.rejections = rejections
        return file
    }

    private enum LineResult {
        case skip
        case warning(ConfigWarning)
        case rejection(ValueRejection)
        case entry(VarsEntry)
        case appEntry(String, String?)
    }

    private func parseLine(_ rawLine: Substring, source: SettingSource) -> LineResult {
        let line = rawLine.trimmingWhitespace()
        if line.isEmpty || line.hasPrefix("#") { return .skip }
        func warn(_ kind: ConfigWarning.Kind, _ variable: String?, _ text: String) -> LineResult {
            .warning(ConfigWarning(kind: kind, variable: variable, source: source,
                                   message: "\(source): \(text); line ignored"))
        }
        guard let equals = line.firstIndex(of: "="),
              line[..<equals].wholeMatch(of: #/[A-Za-z_][A-Za-z0-9_]*/#) != nil else {
            return warn(.malformedLine, nil, "not a NAME=VALUE assignment")
        }
        let name = String(line[..<equals])
        if appKeys.contains(name) { return parseAppLine(name, line[line.index(after: equals)...], source: source, warn: warn) }
        guard let key = ConfigKey(variableName: name) else {
            let text = name.hasPrefix("var_") ? "\(name) is an unknown setting" : "\(name) is not a var_* setting"
            return warn(.unknownKey, name, text)
        }
        guard key.isFileKey else {
            return warn(.unknownKey, name, "\(name) cannot be set in a .vars file")
        }
        let rawValue: String
        switch Self.unquote(line[line.index(after: equals)...]) {
        case .success(let text): rawValue = text
        case .failure(let violation):
            return warn(.invalidValue, name, "\(name): \(violation.reason)")
        }
        do {
            let value = try validator.value(for: key, from: rawValue)
            return .entry(VarsEntry(key: key, value: value, source: source))
        } catch {
            let rejection = ValueRejection(variable: name, value: rawValue, source: source,
                                           reason: error.reason, accepted: key.acceptedValues)
            if key.isSecret { return .rejection(rejection) }
            return .warning(ConfigWarning(kind: .invalidValue, variable: name, source: source,
                                          message: "\(rejection); line ignored"))
        }
    }

    private func parseAppLine(_ name: String, _ text: Substring, source: SettingSource,
                              warn: (ConfigWarning.Kind, String?, String) -> LineResult) -> LineResult {
        switch Self.unquote(text) {
        case .success(let raw):
            do {
                return .appEntry(name, try validator.appSpecificValue(from: raw))
            } catch {
                let rejection = ValueRejection(variable: name, value: raw, source: source, reason: error.reason,
                                               accepted: ConfigKey.appSpecificAcceptedValues)
                return .warning(ConfigWarning(kind: .invalidValue, variable: name, source: source,
                                              message: "\(rejection); line ignored"))
            }
        case .failure(let violation):
            return warn(.invalidValue, name, "\(name): \(violation.reason)")
        }
    }

    /// The value text of an assignment: quotes removed, or an unquoted value cut at its first `#`.
    static func unquote(_ text: Substring) -> Result<String, RuleViolation> {
        let value = text.drop { $0 == " " || $0 == "\t" }
        guard let quote = value.first, quote == "\"" || quote == "'" else {
            let uncommented = value.prefix { $0 != "#" }
            return .success(uncommented.trimmingWhitespace())
        }
        let inner = value.dropFirst()
        guard let closing = inner.lastIndex(of: quote) else {
            return .failure(RuleViolation("the opening \(quote) is never closed"))
        }
        let after = inner[inner.index(after: closing)...].drop { $0 == " " || $0 == "\t" }
        guard after.isEmpty || after.first == "#" else {
            return .failure(RuleViolation("text follows the closing \(quote)"))
        }
        return .success(String(inner[..<closing]))
    }
}
