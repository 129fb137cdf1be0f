/// A command line's settings: `--set` assignments (`KEY=VALUE`, `KEY` with or without `var_`) and `--unset` names,
/// as ``ConfigLoader/resolve(mode:app:commandLine:unset:)`` takes them.
public struct CommandLineSettings: Sendable, Hashable {
    /// The `KEY=VALUE` assignments, in order (a key given twice keeps its last value).
    public var assignments: [String]
    /// The names of the settings to leave unset.
    public var unset: [String]

    /// Settings from `assignments` and `unset`.
    public init(assignments: [String] = [], unset: [String] = []) {
        self.assignments = assignments
        self.unset = unset
    }

    /// The setting a `KEY=VALUE` assignment names (`KEY` with or without `var_`, spaces around it ignored), `nil`
    /// when it names none (an app's own key, or text without a name).
    public static func key(ofAssignment assignment: String) -> ConfigKey? {
        guard let name = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first else { return nil }
        return ConfigKey(commandLineName: String(name).trimmingWhitespace())
    }

    /// These settings with `answers` (assignments, such as the advanced wizard's) after them and `cleared` unset: a
    /// cleared setting also drops its given assignment (an assignment would win over the unset), and an answered
    /// setting drops its given unset.
    /// - Parameters:
    ///   - answers: `var_x=VALUE` assignments that win over the given ones.
    ///   - cleared: Settings to leave unset, whatever was given.
    public func overlaid(answers: [String], cleared: [ConfigKey]) -> CommandLineSettings {
        let clearedKeys = Set(cleared)
        let given = assignments.filter { Self.key(ofAssignment: $0).map { !clearedKeys.contains($0) } ?? true }
        let answered = Set(answers.compactMap(Self.key(ofAssignment:)))
        let unsetting = unset.filter { Self.key(ofAssignment: $0 + "=").map { !answered.contains($0) } ?? true }
            + cleared.map(\.variableName)
        return CommandLineSettings(assignments: given + answers, unset: unsetting)
    }
}
