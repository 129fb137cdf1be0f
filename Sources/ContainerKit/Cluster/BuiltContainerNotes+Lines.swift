extension BuiltContainerNotes {
    /// `notes` with its lines starting with `prefix` (`- Version:`, `- Restored from:`) replaced by `line`, placed
    /// before the ownership mark line when there is one (so the mark stays last), else at the end (before a final
    /// line break).
    static func setting(_ line: String, prefix: String, in notes: String) -> String {
        var lines = notes.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
        if let mark = lines.firstIndex(where: { isMarkLine($0.trimmingCharacters(in: .whitespaces)) }) {
            lines.insert(line, at: mark)
        } else if lines.count > 1, lines.last == "" {
            lines.insert(line, at: lines.count - 1)
        } else if lines == [""] {
            lines = [line]
        } else {
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
