public import ProxmoxAPI

/// Why a build stopped, with the exit code build.func would have used for it.
///
/// The code follows build.func's table (`explain_exit_code`), so scripts that branch on
/// build.func's codes keep working; ``explanation`` is that table's text for the code.
public struct BuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Process exit code (build.func's table, or lxc-build's own).
    public var exitCode: BuildExitCode
    /// What went wrong, naming the setting and value where there is one.
    public var message: String
    /// What the user can do about it.
    public var hint: String?
    /// The API error underneath, when there was one.
    public var apiError: ProxmoxError?
    /// Problems met while cleaning up after the failure.
    public var cleanupProblems: [String]

    /// Makes an error.
    public init(exitCode: BuildExitCode, message: String, hint: String? = nil, apiError: ProxmoxError? = nil) {
        self.exitCode = exitCode
        self.message = message
        self.hint = hint
        self.apiError = apiError
        self.cleanupProblems = []
    }

    /// build.func's one-line explanation of ``exitCode``.
    public var explanation: String { exitCode.explanation }

    public var description: String {
        var text = message
        if let apiError { text += "\n  " + apiError.description.replacingOccurrences(of: "\n", with: "\n  ") }
        if let hint, apiError?.hint != hint { text += "\n  hint: \(hint)" }
        for problem in cleanupProblems { text += "\n  cleanup: \(problem)" }
        return text
    }

    /// Wraps an API failure of `step`. `exitCode` (the step's own code: 209 create, 117 start, 222 download...)
    /// applies to what Proxmox VE refused or a task that failed; a connection that failed (7), timed out (28) or
    /// could not reach the node (69), and a login or permission failure (77), keep their own codes at every step,
    /// so a script can tell "try again later" from "this does not work".
    public static func api(_ error: ProxmoxError, during step: String, exitCode: BuildExitCode? = nil) -> BuildError {
        if error.code == .cancelled {
            return BuildError(exitCode: .interrupted, message: "interrupted while \(step)")
        }
        let stepCode = keepsOwnExitCode.contains(error.code) ? nil : exitCode
        return BuildError(exitCode: stepCode ?? BuildExitCode.code(for: error), message: "\(step) failed", apiError: error)
    }

    /// Failures whose exit code does not depend on the step they happened in.
    static let keepsOwnExitCode: Set<ProxmoxError.Code> = [.transport, .timeout, .nodeUnreachable, .tls, .unauthorized, .forbidden, .tfaRequired]
}
