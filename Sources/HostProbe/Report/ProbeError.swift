public import Foundation

/// An error raised by HostProbe's seams: a command that could not run or answer in time, or an
/// unusable fixture tree.
///
/// Probes themselves do not throw: they turn these errors into ``UnknownFact`` entries and failed
/// ``HostCheck``s. The error carries a one-line human ``message``.
public struct ProbeError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// What kind of failure this is; compare with the static members (`error.code == .timedOut`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case commandNotFound = "command not found"
            case launchFailed = "launch failed"
            case timedOut = "timed out"
            case cancelled = "cancelled"
            case outputLimit = "output limit"
            case nonZeroExit = "non-zero exit"
            case invalidFixture = "invalid fixture"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The program is not installed (not on `PATH`, or no recording of it exists).
        public static let commandNotFound = Code(.commandNotFound)
        /// The program exists but could not be started.
        public static let launchFailed = Code(.launchFailed)
        /// The program did not finish within its timeout and was killed.
        public static let timedOut = Code(.timedOut)
        /// The program wrote more than the probe keeps and was stopped.
        public static let outputLimit = Code(.outputLimit)
        /// The calling task was cancelled while the program ran; it was killed.
        public static let cancelled = Code(.cancelled)
        /// The program ran but exited with a non-zero status or was killed by a signal.
        public static let nonZeroExit = Code(.nonZeroExit)
        /// A fixture or recorded tree (`--root DIR`) is malformed.
        public static let invalidFixture = Code(.invalidFixture)

        /// The code's short name, e.g. `timed out`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line for a human, e.g. "pvecm status did not finish within 10 s".
    public var message: String
    /// The finished command, for ``Code/nonZeroExit``; its output travels with the error.
    public var result: CommandResult?

    /// Creates an error.
    public init(code: Code, message: String, result: CommandResult? = nil) {
        self.code = code
        self.message = message
        self.result = result
    }

    /// `timed out: pvecm status did not finish within 10 s`.
    public var description: String { "\(code): \(message)" }

    /// The human message.
    public var errorDescription: String? { message }
}
