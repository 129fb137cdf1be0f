/// The differences between an existing app defaults file and the settings about to be saved, in build.func's
/// `~ key / - old: / + new:` form; secrets masked.
public struct AppDefaultsDiff: Sendable, Hashable, CustomStringConvertible {
    /// One key's difference.
    public enum Change: Sendable, Hashable {
        /// The key has another value.
        case changed(ConfigKey, old: String, new: String)
        /// The key is in the file but not in the new settings.
        case removed(ConfigKey, old: String)
        /// The key is new.
        case added(ConfigKey, new: String)
    }

    /// The app.
    public let app: AppProfile
    /// The existing file's path.
    public let path: String
    /// Whether the file exists.
    public let fileExists: Bool
    /// The changes, in the new file's key order, then removed keys in the old file's order.
    public let changes: [Change]

    /// Compares the parsed `old` file (or none) with the `new` entries.
    public init(app: AppProfile, path: String, old: VarsFile?, new: [(key: ConfigKey, text: String)]) {
        let oldEntries = old?.orderedEntries ?? []
        let oldText = Dictionary(oldEntries.map { ($0.key, $0.value?.canonicalText ?? "") }) { $1 }
        let newKeys = Set(new.map(\.key))
        var changes: [Change] = new.compactMap { key, text in
            guard let previous = oldText[key] else { return .added(key, new: text) }
            return previous == text ? nil : .changed(key, old: previous, new: text)
        }
        changes += oldEntries.filter { !newKeys.contains($0.key) }.map {
            .removed($0.key, old: $0.value?.canonicalText ?? "")
        }
        self.app = app
        self.path = path
        self.fileExists = old != nil
        self.changes = changes
    }

    /// Whether saving would change the file.
    public var hasDifferences: Bool {
        !changes.isEmpty || !fileExists
    }

    /// The header, then per key `~ key`, `- key` or `+ key` with `- old:` / `+ new:` lines, or
    /// `(No differences)`.
    public var description: String {
        var lines = ["# Diff for \(app.name) (\(app.identifier))",
                     "# Old: \(fileExists ? path : "(none)")", "# New: current settings"]
        if changes.isEmpty { lines.append("(No differences)") }
        for change in changes {
            switch change {
            case .changed(let key, let old, let new):
                lines += ["~ \(key.variableName)", "  - old: \(key.displayText(old))",
                          "  + new: \(key.displayText(new))"]
            case .removed(let key, let old):
                lines += ["- \(key.variableName)", "  - old: \(key.displayText(old))"]
            case .added(let key, let new):
                lines += ["+ \(key.variableName)", "  + new: \(key.displayText(new))"]
            }
        }
        return lines.joined(separator: "\n")
    }
}
