public import ProxmoxAPI

/// Why a build stopped, with the exit code build.func would have used for it.
///
/// The code follows build.func's table (`explain_exit_code`), so scripts that branch on
/// build.func's codes keep working; ``explanation`` is that table's text for the code.
public struct BuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Process exit code (build.func's table).
    public var exitCode: Int32
    /// What went wrong, naming the setting and value where there is one.
    public var message: String
    /// What the user can do about it.
    public var hint: String?
    /// The API error underneath, when there was one.
    public var apiError: ProxmoxError?
    /// Problems met while cleaning up after the failure.
    public var cleanupProblems: [String]

    /// Makes an error.
    public init(exitCode: Int32, message: String, hint: String? = nil, apiError: ProxmoxError? = nil) {
        self.exitCode = exitCode
        self.message = message
        self.hint = hint
        self.apiError = apiError
        self.cleanupProblems = []
    }

    /// build.func's one-line explanation of ``exitCode``.
    public var explanation: String { ExitCodes.explanation(for: exitCode) }

    public var description: String {
        var text = message
        if let apiError { text += "\n  " + apiError.description.replacingOccurrences(of: "\n", with: "\n  ") }
        if let hint, apiError?.hint != hint { text += "\n  hint: \(hint)" }
        for problem in cleanupProblems { text += "\n  cleanup: \(problem)" }
        return text
    }

    /// Wraps an API failure of `step`, choosing the exit code from its kind.
    static func api(_ error: ProxmoxError, during step: String, exitCode: Int32? = nil) -> BuildError {
        if error.code == .cancelled {
            return BuildError(exitCode: ExitCodes.interrupted, message: "interrupted while \(step)")
        }
        return BuildError(exitCode: exitCode ?? ExitCodes.code(for: error), message: "\(step) failed", apiError: error)
    }
}
