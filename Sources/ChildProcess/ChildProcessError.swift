/// Why a child could not be started.
///
/// Once started, a child always gives a ``ChildOutcome``: a failure, a deadline or a cancellation is in it.
public struct ChildProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: Sendable, Equatable {
        /// An argument or environment entry cannot be passed to a program (a NUL byte, `=` in a name).
        case invalidArgument
        /// The program could not be started (missing, not executable, no pipes or processes left).
        case launchFailed
        /// The calling task was cancelled before the program was started; nothing ran.
        case cancelled
    }

    /// What kind of failure.
    public var code: Code
    /// One line for a human, naming the program.
    public var message: String
    /// The `errno` behind a ``Code/launchFailed``, if there was one.
    public var errorNumber: Int32?

    /// Makes an error.
    public init(_ code: Code, _ message: String, errorNumber: Int32? = nil) {
        self.code = code
        self.message = message
        self.errorNumber = errorNumber
    }

    /// The message.
    public var description: String { message }
}
