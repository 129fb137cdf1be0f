import ContainerKit
import Foundation

/// The build log: every event with a timestamp, no ANSI codes or other control characters (escaped as on the
/// terminal), known secrets masked. Kept only when the run fails (its path is printed then); a run that
/// succeeds, or ends in a dry run or in the menus, removes it (``discard()``).
final class BuildLog: @unchecked Sendable {
    /// Where the log is written.
    let path: String
    private let handle: FileHandle?
    private let lock = NSLock()
    private var secrets: [String]
    private var discarded = false
    private let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()

    /// Opens a new `$TMPDIR/lxc-build-<id>.log` (mode 0600, never an existing file or a symbolic link),
    /// masking each of `secrets` wherever it appears.
    init(secrets: [String], environment: [String: String]) {
        let id = UUID().uuidString.prefix(8).lowercased()
        let folder = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        path = (folder as NSString).appendingPathComponent("lxc-build-\(id).log")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        handle = descriptor >= 0 ? FileHandle(fileDescriptor: descriptor, closeOnDealloc: true) : nil
        self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }

    /// Masks `secret` too from now on (a password typed in the wizard).
    func addSecret(_ secret: String) {
        guard secret.count >= 3 else { return }
        lock.withLock { secrets = (secrets + [secret]).sorted { $0.count > $1.count } }
    }

    /// Removes the log: the run needs no record.
    func discard() {
        lock.withLock {
            guard !discarded else { return }
            discarded = true
            try? handle?.close()
            unlink(path)
        }
    }

    /// Appends one line: `[time] [LEVEL] text`.
    func write(_ level: String, _ text: String) {
        var line = text
        for secret in secrets { line = line.replacingOccurrences(of: secret, with: "********") }
        line = TerminalText.escaped(Self.strippingANSI(line))
        lock.withLock {
            guard !discarded else { return }
            try? handle?.write(contentsOf: Data("[\(formatter.string(from: Date()))] [\(level)] \(line)\n".utf8))
        }
    }

    /// Logs an event.
    func record(_ event: BuildEvent) {
        switch event {
        case .started(let step): write("INFO", "\(step.title)...")
        case .finished(let step, let detail): write("OK", "\(step.title): \(detail)")
        case .decided(let text): write("INFO", text)
        case .warning(let text): write("WARN", text)
        case .failed(let step, let text): write("ERROR", "\(step.title): \(text)")
        }
    }

    static func strippingANSI(_ text: String) -> String {
        text.replacing(/\x{1B}\[[0-9;?]*[A-Za-z]/, with: "")
    }
}
