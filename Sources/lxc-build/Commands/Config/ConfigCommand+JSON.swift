import ConfigResolution
import Foundation

/// JSON forms of `config save` and `config diff`, secrets masked.
extension AppDefaultsDiff {
    /// `{"app", "path", "fileExists", "changes": [{"key", "change", "old", "new"}]}`.
    var jsonObject: [String: Any] {
        [
            "app": app.identifier, "path": path, "fileExists": fileExists, "hasDifferences": hasDifferences,
            "changes": changes.map { change -> [String: Any] in
                switch change {
                case .changed(let key, let old, let new):
                    return ["key": key.variableName, "change": "changed", "old": key.displayText(old), "new": key.displayText(new)]
                case .removed(let key, let old):
                    return ["key": key.variableName, "change": "removed", "old": key.displayText(old)]
                case .added(let key, let new):
                    return ["key": key.variableName, "change": "added", "new": key.displayText(new)]
                }
            },
        ]
    }
}
