public import Foundation
import Synchronization

/// The log of one `create` or `apply` run (the build log): every event with a timestamp, no ANSI codes, known
/// secrets masked by its ``Redactor``. Kept only when the run fails (``keep()``, its ``path`` printed then); a run
/// that succeeds, or ends in a dry run or in the menus, removes it (``discard()``) unless `--log FILE` chose it.
///
/// Logs live in one folder (``folder(environment:isRoot:)``), named `lxc-build-<time>-<id>.log`, and the folder is
/// pruned to the newest ``kept`` logs whenever a log is kept. The folder is never a symbolic link nor another
/// user's (``LogFile/prepareFolder(_:origin:)``); the log is made new with mode 0600 (``LogFile/create(_:origin:)``),
/// and a chosen file that exists is used only when it is this user's own (``LogFile/replace(_:origin:)``).
public final class RunLog: Sendable {
    /// How serious a line is: the word in its brackets.
    public enum Level: String, Sendable {
        /// What happens.
        case info = "INFO"
        /// A step that finished.
        case ok = "OK"
        /// A warning; the run goes on.
        case warning = "WARN"
        /// A failure.
        case error = "ERROR"
    }

    /// How many logs the folder keeps.
    public static let kept = 20

    /// Where the log is written.
    public let path: String
    /// Whether `--log FILE` chose the path: then the log stays after a successful run too.
    public let isChosen: Bool
    private let handle: FileHandle
    private let escaping: @Sendable (String) -> String
    private let state: Mutex<(redactor: Redactor, discarded: Bool)>

    /// The log folder: `LXC_BUILD_LOG_DIR`, else `/var/log/lxc-build` as root, else
    /// `$XDG_STATE_HOME/lxc-build/logs` (`~/.local/state/lxc-build/logs`).
    public static func folder(environment: [String: String], isRoot: Bool = geteuid() == 0) -> String {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let folder = nonEmpty("LXC_BUILD_LOG_DIR") { return folder }
        if isRoot { return "/var/log/lxc-build" }
        let state = nonEmpty("XDG_STATE_HOME") ?? ((nonEmpty("HOME") ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("lxc-build/logs")
    }

    /// Who chose ``folder(environment:isRoot:)``: `LXC_BUILD_LOG_DIR`, or lxc-build.
    public static func folderOrigin(environment: [String: String]) -> LogFileError.Origin {
        environment["LXC_BUILD_LOG_DIR"].map { $0.isEmpty ? .builtIn : .environment("LXC_BUILD_LOG_DIR") } ?? .builtIn
    }

    /// Opens a new log in ``folder(environment:isRoot:)`` (made with mode 0700 when missing), or at `chosen`
    /// (`--log FILE`, named `option` in errors), masking what `redactor` knows.
    /// - Parameters:
    ///   - redactor: The secrets every line is masked with.
    ///   - environment: Where `LXC_BUILD_LOG_DIR` and the state folders are read.
    ///   - chosen: The file the operator named (`--log FILE`), or `nil` for a new log in the folder.
    ///   - option: The option that named `chosen`, for messages.
    ///   - escaping: How a line is made safe to show (the CLI's terminal escaping of control characters).
    /// - Throws: ``LogFileError`` for a folder or a chosen file lxc-build will not write into.
    public init(
        redactor: Redactor, environment: [String: String], chosen: String? = nil, option: String = "--log",
        escaping: @escaping @Sendable (String) -> String = { $0 }
    ) throws(LogFileError) {
        if let chosen {
            path = chosen
            isChosen = true
            handle = try LogFile.replace(chosen, origin: .option(option))
        } else {
            let folder = Self.folder(environment: environment)
            try LogFile.prepareFolder(folder, origin: Self.folderOrigin(environment: environment))
            let id = UUID().uuidString.prefix(8).lowercased()
            path = (folder as NSString).appendingPathComponent("lxc-build-\(TimeStamp.local(Date(), "%Y%m%d-%H%M%S"))-\(id).log")
            isChosen = false
            handle = try LogFile.create(path)
        }
        self.escaping = escaping
        state = Mutex((redactor, false))
    }

    /// Keeps the log (a failed run): the folder is pruned to the newest ``kept`` logs, this one included.
    public func keep() {
        guard !isChosen else { return }
        let folder = (path as NSString).deletingLastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("lxc-build-") && $0.hasSuffix(".log") }.sorted()
        for name in names.dropLast(Self.kept) where (folder as NSString).appendingPathComponent(name) != path {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// Masks `secrets` too from now on (a password typed in the wizard, the settings' secrets once resolved).
    public func addSecrets(_ secrets: [String]) {
        state.withLock { $0.redactor = $0.redactor.adding(secrets) }
    }

    /// Removes the log: the run needs no record (a log chosen with `--log` stays).
    public func discard() {
        state.withLock { state in
            guard !state.discarded, !isChosen else { return }
            state.discarded = true
            try? handle.close()
            unlink(path)
        }
    }

    /// Appends one line: `[time] [LEVEL] text`, without ANSI codes, masked, escaped (in this order, so a secret an
    /// escape sequence splits is masked too).
    public func write(_ level: Level, _ text: String) {
        state.withLock { state in
            guard !state.discarded else { return }
            let line = escaping(state.redactor.redact(Self.strippingANSI(text)))
            try? handle.write(contentsOf: Data("[\(TimeStamp.local(Date(), "%Y-%m-%d %H:%M:%S"))] [\(level.rawValue)] \(line)\n".utf8))
        }
    }

    /// Logs an event; `container` (a stack's member) comes first on its line.
    public func record(_ event: BuildEvent, of container: String? = nil) {
        let prefix = container.map { "\($0): " } ?? ""
        switch event {
        case .started(let step): write(.info, "\(prefix)\(step.title)...")
        case .finished(let step, let detail): write(.ok, "\(prefix)\(step.title): \(detail)")
        case .decided(let text): write(.info, prefix + text)
        case .warning(let text): write(.warning, prefix + text)
        case .failed(let step, let text): write(.error, "\(prefix)\(step.title): \(text)")
        }
    }

    /// `text` without ANSI CSI sequences (`ESC [ [0-9;?]* letter`), scanned by hand: a regex literal is parsed
    /// again each time it runs (~300k instructions a line).
    static func strippingANSI(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(0x1B) else { return text }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x1B, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "[") {
                var end = index + 2
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end])
                    || bytes[end] == UInt8(ascii: ";") || bytes[end] == UInt8(ascii: "?") { end += 1 }
                if end < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[end] | 0x20) {
                    index = end + 1
                    continue
                }
            }
            kept.append(bytes[index])
            index += 1
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
