/// One problem found in a stack file: the line it is on and the error that names it.
struct StackFileProblem: Sendable, Equatable {
    /// The line of the file (0 when it has none).
    var line: Int
    /// The error, its message naming the file, the line and what is accepted.
    var error: BuildError
}

extension StackFile {
    /// `problems` as one error (64) listing them all in file order; one problem is its own error; none is `nil`.
    /// A problem with a code other than 64 (a stopped run) is thrown alone.
    static func combined(_ problems: [StackFileProblem], path: String) -> BuildError? {
        if let other = problems.first(where: { $0.error.exitCode != BuildExitCode.usage }) { return other.error }
        let ordered = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        guard ordered.count > 1 else { return ordered.first?.error }
        var hints: [String] = []
        for hint in ordered.compactMap(\.error.hint) where !hints.contains(hint) { hints.append(hint) }
        let list = ordered.map { "  " + $0.error.message.replacingOccurrences(of: "\n", with: "\n    ") }
        return BuildError(exitCode: BuildExitCode.usage,
                          message: "stack file \(path) has \(ordered.count) problems, in file order:\n" + list.joined(separator: "\n"),
                          hint: hints.isEmpty ? nil : hints.joined(separator: " "))
    }
}
