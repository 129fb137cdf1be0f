public import Foundation

/// Answers commands from recordings kept in a folder, for `lxc-build probe --root DIR` and tests.
///
/// The folder (`<root>/_probe/commands`) holds, per command, files named by the argv joined with
/// spaces plus an extension:
/// - `lspci -nn.out`: standard output (required for a command that ran);
/// - `lspci -nn.err`: standard error; `lspci -nn.exit`: the exit status (0 when absent);
/// - `lspci -nn.missing`: the command is not installed on that host;
/// - `pvecm status.hang`: the command never answers (the runner reports a timeout at once).
///
/// A command with no recording at all is reported as not found, with a message saying so.
public struct RecordedCommandRunner: CommandRunner {
    /// What a recording says about one command.
    public enum Reply: Sendable, Hashable {
        /// The command ran and produced this result.
        case result(CommandResult)
        /// The command is not installed.
        case missing
        /// The command never finishes.
        case hangs
    }

    /// The recordings, by argv.
    public let recordings: [[String]: Reply]
    /// Where the recordings were read from, for messages.
    public let folder: String

    /// Reads the recordings of `folder`; a missing folder means no recordings.
    public init(folder: URL) {
        self.folder = folder.path
        self.recordings = Self.load(folder)
    }

    /// Reads the recordings under `<root>/_probe/commands`.
    public init(root: URL) {
        self.init(folder: root.appendingPathComponent(RootedFileSystem.sidecarFolder).appendingPathComponent("commands"))
    }

    private static func load(_ folder: URL) -> [[String]: Reply] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        func text(_ name: String) -> String? {
            manager.contents(atPath: folder.appendingPathComponent(name).path).map { String(decoding: $0, as: UTF8.self) }
        }
        var recordings: [[String]: Reply] = [:]
        for name in names {
            let url = URL(fileURLWithPath: name)
            let base = url.deletingPathExtension().lastPathComponent
            let argv = base.split(separator: " ").map(String.init)
            switch url.pathExtension {
            case "out":
                let exit = text(base + ".exit").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
                let result = CommandResult(
                    argv: argv, exitStatus: .exited(exit), stdout: text(name) ?? "", stderr: text(base + ".err") ?? ""
                )
                recordings[argv] = .result(result)
            case "missing": recordings[argv] = .missing
            case "hang": recordings[argv] = .hangs
            default: continue
            }
        }
        return recordings
    }

    /// Replays the recording of `argv`.
    public func run(_ argv: [String], timeout: Duration) async throws(ProbeError) -> CommandResult {
        try Self.replay(recordings[argv], for: argv, timeout: timeout, source: folder)
    }

    /// Turns a recording (or its absence) into a result or an error, the way a real run would end.
    /// - Throws: ``ProbeError`` for missing, hanging and unrecorded commands.
    public static func replay(_ reply: Reply?, for argv: [String], timeout: Duration, source: String) throws(ProbeError)
        -> CommandResult
    {
        let commandLine = argv.joined(separator: " ")
        switch reply {
        case .result(let result): return result
        case .missing: throw ProbeError(code: .commandNotFound, message: "\(argv.first ?? commandLine) is not installed")
        case .hangs:
            throw ProbeError(code: .timedOut, message: "\(commandLine) did not finish within \(timeout.shortDescription)")
        case nil: throw ProbeError(code: .commandNotFound, message: "no recording of `\(commandLine)` in \(source)")
        }
    }
}
