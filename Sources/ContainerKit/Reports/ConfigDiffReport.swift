public import ConfigResolution

/// What `config diff --json` prints (and `config save --json` under `diff`): the app's defaults file against
/// the settings `config save` would write, secrets masked.
public struct ConfigDiffReport: Codable, Sendable, Equatable {
    /// The app.
    public var app: String
    /// The defaults file.
    public var path: String
    /// Whether the file exists.
    public var fileExists: Bool
    /// Whether the file differs from the settings.
    public var hasDifferences: Bool
    /// The keys that differ.
    public var changes: [Change]

    /// The report of `diff`.
    public init(diff: AppDefaultsDiff) {
        app = diff.app.identifier
        path = diff.path
        fileExists = diff.fileExists
        hasDifferences = diff.hasDifferences
        changes = diff.changes.map(Change.init)
    }

    /// A key that differs: `changed` (old and new), `removed` (old only) or `added` (new only).
    public struct Change: Codable, Sendable, Equatable {
        /// The variable.
        public var key: String
        /// `changed`, `removed` or `added`.
        public var change: String
        /// The file's value, masked when secret; left out for an added key.
        public var old: String?
        /// The value `config save` would write, masked when secret; left out for a removed key.
        public var new: String?

        /// The report of `change`.
        public init(_ change: AppDefaultsDiff.Change) {
            switch change {
            case .changed(let key, let old, let new):
                self.key = key.variableName
                self.change = "changed"
                self.old = key.displayText(old)
                self.new = key.displayText(new)
            case .removed(let key, let old):
                self.key = key.variableName
                self.change = "removed"
                self.old = key.displayText(old)
            case .added(let key, let new):
                self.key = key.variableName
                self.change = "added"
                self.new = key.displayText(new)
            }
        }
    }
}

/// What `config save --json` prints: the file, whether it was written, its mode, and what changed.
public struct ConfigSaveReport: Codable, Sendable, Equatable {
    /// The defaults file.
    public var path: String
    /// Whether it was written (`false` when it already held these settings).
    public var saved: Bool
    /// Its permissions in octal (`0600`, `0644`).
    public var mode: String
    /// What changed.
    public var diff: ConfigDiffReport

    /// The report of `result`.
    public init(result: AppDefaultsSaveResult) {
        path = result.path
        saved = result.didWrite
        mode = "0" + String(result.permissions, radix: 8)
        diff = ConfigDiffReport(diff: result.diff)
    }
}
