/// A warning as `create --json` and `plan --json` print it: a substitution with its own code
/// (``Substitution/Kind``), any other warning with the code `warning` (Docs/exit-codes.md lists the codes).
public struct WarningReport: Codable, Sendable, Equatable {
    /// The warning's code: a substitution's kind, else `warning`.
    public var code: String
    /// The warning.
    public var message: String

    /// Makes a warning.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// `substitutions` first, then `warnings`.
    public static func list(_ substitutions: [Substitution], _ warnings: [String]) -> [WarningReport] {
        substitutions.map { WarningReport(code: $0.code, message: $0.message) } + warnings.map { WarningReport(code: "warning", message: $0) }
    }
}
