/// A failure as every `--json` document prints it under `error`: the message (with the API's error, the hint
/// and cleanup problems, as `error:` prints it), the exit code, build.func's explanation of it and its category
/// (Docs/exit-codes.md).
public struct ErrorReport: Codable, Sendable, Equatable {
    /// What went wrong, with the API's error, the hint and cleanup problems on their own lines.
    public var message: String
    /// What the user can do about it, when there is something (also the message's `hint:` line).
    @ExplicitNull public var hint: String?
    /// The process's exit code.
    public var exitCode: BuildExitCode
    /// build.func's one-line explanation of ``exitCode``.
    public var explanation: String
    /// The exit code's category (``BuildExitCode/category(for:)``).
    public var category: String

    /// Makes a report.
    public init(message: String, hint: String?, exitCode: BuildExitCode, explanation: String, category: String) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
        self.explanation = explanation
        self.category = category
    }

    /// `error` as it is printed.
    public init(_ error: BuildError) {
        self.init(message: error.description, hint: error.hint, exitCode: error.exitCode, explanation: error.explanation,
                  category: error.exitCode.category)
    }
}

/// The one document a failed command prints with `--json`: `{"status": "failed", "error": {...}}`, with `app`
/// for the `config save` and `config diff` commands.
public struct FailureReport: Codable, Sendable, Equatable {
    /// Always `failed`.
    public var status: String
    /// What went wrong.
    public var error: ErrorReport
    /// The app the command was given, for the `config` commands; left out elsewhere.
    public var app: String?

    /// The report of `error`, for `app` when there is one.
    public init(_ error: BuildError, app: String? = nil) {
        self.status = "failed"
        self.error = ErrorReport(error)
        self.app = app
    }
}
