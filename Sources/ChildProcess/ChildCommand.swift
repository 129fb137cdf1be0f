public import Foundation

/// One program to run as a child process: what to start, what it reads and writes, and how long it may take.
///
/// ``ChildProcess/run(_:)`` starts it in a process group of its own (``Streams/pipes(input:)``), so the whole
/// group (the program and whatever it started in the background) is stopped at ``deadline`` or when the calling
/// task is cancelled. ``Streams/terminal(_:captureStandardError:)`` instead keeps it in the caller's process group,
/// the terminal's foreground group, so that a full-screen program can read the terminal.
public struct ChildCommand: Sendable, Equatable {
    /// Where the child's standard streams go.
    public enum Streams: Sendable, Equatable {
        /// Standard input is fed `input` through a pipe, then closed (`nil`: `/dev/null`); standard output and
        /// standard error are collected. The child leads a process group of its own.
        case pipes(input: Data?)
        /// Standard input and output are the terminal open at `fileDescriptor`; standard error is collected when
        /// `captureStandardError`, else it is the terminal too. The child stays in the caller's process group (the
        /// terminal's foreground group), so only the child itself, not its group, is signalled when it is stopped.
        case terminal(_ fileDescriptor: Int32, captureStandardError: Bool)
    }

    /// The program's path. It is not looked up in `PATH`: use ``ExecutableSearch`` for that.
    public var executable: String
    /// The arguments after the program's name (`argv[1...]`).
    public var arguments: [String]
    /// The whole environment of the child; `nil` passes on the caller's own.
    public var environment: [String: String]?
    /// Where the standard streams go.
    public var streams: Streams
    /// Longest run; then the child (its group, with ``Streams/pipes(input:)``) is sent `SIGTERM`, and `SIGKILL`
    /// after ``grace``. `nil` waits for ever.
    public var deadline: Duration?
    /// How long a stopped child has between `SIGTERM` and `SIGKILL`.
    public var grace: Duration
    /// What happens to output past ``outputLimit``.
    public enum OutputOverflow: Sendable, Equatable {
        /// The child is stopped as at the ``deadline`` (the outcome's ``ChildOutcome/stop`` is
        /// ``ChildOutcome/Stop/outputLimit``): for output that is read as data, which a cut would falsify.
        case stop
        /// The child runs on; the first half of the limit and the newest half are kept, and the outcome says where
        /// and how many bytes were left out between them (``ChildOutcome/omittedOutput``): for output that is a
        /// log, whose start and end tell most.
        case dropMiddle
    }

    /// Most bytes kept of standard output, and of standard error, each, so a program fed by another machine cannot
    /// fill this one's memory; what happens past it is ``overflow``. `nil`: no limit.
    public var outputLimit: Int?
    /// What happens to output past ``outputLimit``.
    public var overflow: OutputOverflow

    /// Makes a command; by default it reads `/dev/null`, its output is collected and it may run for ever.
    public init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        streams: Streams = .pipes(input: nil), deadline: Duration? = nil, grace: Duration = .seconds(1),
        outputLimit: Int? = nil, overflow: OutputOverflow = .stop
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.streams = streams
        self.deadline = deadline
        self.grace = grace
        self.outputLimit = outputLimit
        self.overflow = overflow
    }

    /// `true` when the child leads a process group of its own (every case but the terminal).
    var ownsProcessGroup: Bool {
        if case .pipes = streams { return true }
        return false
    }
}
