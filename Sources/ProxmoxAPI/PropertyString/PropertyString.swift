/// PVE's property-string syntax: `key=value,key=value`, where one key (the default key) may be
/// written bare, and list values are separated by `;`.
///
/// Encoding refuses any key or value that could change the string's structure: a value with `,`
/// or `=` or a control character would add or change keys, so a hostname or tag can never smuggle
/// an extra key into `net0`. Decoding keeps every key, known or not, in order.
public struct PropertyString: Sendable, Hashable, CustomStringConvertible {
    /// One `key=value` pair.
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value, as written.
        public var value: String

        /// Makes an entry.
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The pairs in order.
    public var entries: [Entry]

    /// Makes a property string from pairs (validated when encoded).
    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses `text`. A part without `=` is the value of `defaultKey` (once).
    /// - Throws: ``ProxmoxError`` `.invalidArgument` for an empty part, a second bare value, or a duplicate key.
    public init(parsing text: String, defaultKey: String? = nil) throws(ProxmoxError) {
        var entries: [Entry] = []
        var seen = Set<String>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                throw ProxmoxError(.invalidArgument, message: "property string '\(text)' has an empty part")
            }
            let entry: Entry
            if let equals = trimmed.firstIndex(of: "=") {
                entry = Entry(String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...]))
            } else if let defaultKey, !seen.contains(defaultKey) {
                entry = Entry(defaultKey, trimmed)
            } else {
                throw ProxmoxError(
                    .invalidArgument, message: "property string '\(text)': '\(trimmed)' has no key (expected key=value)")
            }
            guard seen.insert(entry.key).inserted else {
                throw ProxmoxError(.invalidArgument, message: "property string '\(text)' sets '\(entry.key)' twice")
            }
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The value of `key`, or `nil`.
    public subscript(key: String) -> String? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append(Entry(key, newValue))
            }
        }
    }

    /// Encodes the pairs; the default key's value is written bare when it comes first.
    /// - Throws: ``ProxmoxError`` `.invalidArgument` naming the key and value that would break the syntax.
    public func encoded(defaultKey: String? = nil) throws(ProxmoxError) -> String {
        var parts: [String] = []
        for (index, entry) in entries.enumerated() {
            try Self.validate(key: entry.key)
            try Self.validate(value: entry.value, key: entry.key)
            parts.append(index == 0 && entry.key == defaultKey ? entry.value : "\(entry.key)=\(entry.value)")
        }
        return parts.joined(separator: ",")
    }

    /// `key=value,...` without validation, for messages.
    public var description: String {
        entries.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func validate(key: String) throws(ProxmoxError) {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
            key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
        else {
            throw ProxmoxError(
                .invalidArgument,
                message: "property key '\(key.escapedForMessage)' is not allowed: keys are letters, digits, '_' and '-'")
        }
    }

    static func validate(value: String, key: String) throws(ProxmoxError) {
        if value.isEmpty {
            throw ProxmoxError(.invalidArgument, message: "property '\(key)' has an empty value; leave the key out instead")
        }
        if let bad = value.unicodeScalars.first(where: { $0 == "," || $0 == "=" || $0.value < 0x20 || $0.value == 0x7F }) {
            let shown = bad.value < 0x20 || bad.value == 0x7F ? "a control character" : "'\(bad)'"
            throw ProxmoxError(
                .invalidArgument,
                message: "property '\(key)' value '\(value.escapedForMessage)' contains \(shown), which would change "
                    + "the property string; it is refused rather than passed on")
        }
    }
}

extension PropertyString {
    /// A `;`-separated list value split into its items.
    public func list(_ key: String) -> [String] {
        (self[key] ?? "").split(separator: ";").map(String.init)
    }

    /// A `0`/`1` value.
    public func flag(_ key: String) -> Bool? {
        self[key].flatMap { JSONValue.string($0).boolValue }
    }

    /// An integer value.
    public func integer(_ key: String) -> Int? {
        self[key].flatMap { Int($0) }
    }

    /// Appends `key=value` when `value` is not `nil`.
    mutating func append(_ key: String, _ value: (any CustomStringConvertible)?) {
        guard let value else { return }
        if let flag = value as? Bool {
            entries.append(Entry(key, flag ? "1" : "0"))
        } else {
            entries.append(Entry(key, value.description))
        }
    }

    /// Appends a `;` list when it is not empty.
    mutating func append(_ key: String, list: [String]) {
        guard !list.isEmpty else { return }
        entries.append(Entry(key, list.joined(separator: ";")))
    }

    /// The entries whose keys are not in `known`, in order.
    func entries(notIn known: Set<String>) -> [Entry] {
        entries.filter { !known.contains($0.key) }
    }
}

extension String {
    /// Control characters shown as `\u{..}` so a message never carries them raw.
    var escapedForMessage: String {
        String(unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }
}
