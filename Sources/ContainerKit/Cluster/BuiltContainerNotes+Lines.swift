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

    /// The prefix of the line that records a stack container's `depends_on` (``dependsOnLine(_:)``).
    static let dependsOnPrefix = "lxc-build depends_on:"

    /// `lxc-build depends_on: db, cache`: the notes line, next to the stack's marker, that records what the stack file said
    /// a container depends on when it was created, so `export` can give it back. A hint only, like every line of the
    /// notes: never a proof of anything, and not changed by a later `apply`.
    public static func dependsOnLine(_ names: [String]) -> String {
        "\(dependsOnPrefix) \(names.joined(separator: ", "))"
    }

    /// The names the `depends_on` line of `lines` (the notes' lines, trimmed) records, each a valid stack container name,
    /// in order; `[]` when there is none.
    static func dependsOn(in lines: [String]) -> [String] {
        guard let line = lines.last(where: { $0.hasPrefix("- " + dependsOnPrefix) || $0.hasPrefix(dependsOnPrefix) }) else { return [] }
        let text = line.hasPrefix("- ") ? line.dropFirst(2) : Substring(line)
        return text.dropFirst(dependsOnPrefix.count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter(StackFile.isValidName)
    }
}
