public import Foundation

/// What a finished child did: how it ended, what it printed, and whether it was stopped.
public struct ChildOutcome: Sendable, Equatable {
    /// How the child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// It was killed by this signal.
        case signalled(Int32)
        /// Its status could not be read: something else in the program reaped it (for example with `SIGCHLD`
        /// ignored).
        case unknown

        /// The status a shell would show: the exit status, 128 + the signal, or 255 when unknown.
        public var shellStatus: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            case .unknown: 255
            }
        }

        /// `exit 3`, `signal 9` or `unknown status`, for messages.
        public var description: String {
            switch self {
            case .exited(let code): "exit \(code)"
            case .signalled(let signal): "signal \(signal)"
            case .unknown: "unknown status"
            }
        }
    }

    /// Why the child was stopped before it ended by itself.
    public enum Stop: Sendable, Equatable {
        /// Its ``ChildCommand/deadline`` passed.
        case deadline
        /// The calling task was cancelled.
        case cancelled
        /// It wrote more than ``ChildCommand/outputLimit`` to standard output or standard error, and its
        /// ``ChildCommand/overflow`` was ``ChildCommand/OutputOverflow/stop``.
        case outputLimit
    }

    /// Bytes of a stream left out of what was kept.
    public struct Omission: Sendable, Equatable {
        /// Where in the kept bytes they were left out.
        public var offset: Int
        /// How many bytes were left out.
        public var count: Int

        /// Makes an omission (runners and tests).
        public init(offset: Int, count: Int) {
            self.offset = offset
            self.count = count
        }
    }

    /// How the child ended.
    public var termination: Termination
    /// What it wrote to standard output (empty on a terminal).
    public var standardOutput: Data
    /// What it wrote to standard error (empty when it went to the terminal).
    public var standardError: Data
    /// Why it was stopped, or `nil` when it ended, and closed its output, by itself.
    public var stop: Stop?
    /// Bytes of standard output past ``ChildCommand/outputLimit`` that were left out, or `nil` when all was kept.
    public var omittedOutput: Omission?
    /// Bytes of standard error past ``ChildCommand/outputLimit`` that were left out, or `nil` when all was kept.
    public var omittedErrors: Omission?
    /// How many bytes of the input it never read: it closed standard input or ended first (the write failed with
    /// `EPIPE`, which never raises `SIGPIPE` in the caller), or it was stopped.
    public var unreadInput: Int

    /// Makes an outcome (runners and tests).
    public init(
        termination: Termination, standardOutput: Data = Data(), standardError: Data = Data(), stop: Stop? = nil,
        unreadInput: Int = 0, omittedOutput: Omission? = nil, omittedErrors: Omission? = nil
    ) {
        self.termination = termination
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.stop = stop
        self.unreadInput = unreadInput
        self.omittedOutput = omittedOutput
        self.omittedErrors = omittedErrors
    }
}
