import ArgumentParser
import ConfigResolution
import ContainerKit
import Foundation

/// The build log: every event with a timestamp, no ANSI codes or other control characters (escaped as on the
/// terminal), known secrets masked. Kept only when the run fails (its path is printed then); a run that
/// succeeds, or ends in a dry run or in the menus, removes it (``discard()``) unless `--log FILE` chose it.
///
/// Logs live in one folder (``folder(environment:isRoot:)``), named `lxc-build-<time>-<id>.log`, and the folder is
/// pruned to the newest ``kept`` logs whenever a log is kept.
final class BuildLog: @unchecked Sendable {
    /// How many logs the folder keeps.
    static let kept = 20

    /// Where the log is written.
    let path: String
    /// Whether `--log FILE` chose the path: then the log stays after a successful run too.
    let isChosen: Bool
    private let handle: FileHandle?
    private let lock = NSLock()
    private var secrets: [String]
    private var discarded = false

    /// The log folder: `LXC_BUILD_LOG_DIR`, else `/var/log/lxc-build` as root, else
    /// `$XDG_STATE_HOME/lxc-build/logs` (`~/.local/state/lxc-build/logs`).
    static func folder(environment: [String: String], isRoot: Bool = geteuid() == 0) -> String {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let folder = nonEmpty("LXC_BUILD_LOG_DIR") { return folder }
        if isRoot { return "/var/log/lxc-build" }
        let state = nonEmpty("XDG_STATE_HOME") ?? ((nonEmpty("HOME") ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("lxc-build/logs")
    }

    /// Opens a new log (mode 0600, never an existing file or a symbolic link) in ``folder(environment:isRoot:)``,
    /// or at `chosen` (`--log FILE`), masking each of `secrets` wherever it appears.
    init(secrets: [String], environment: [String: String], chosen: String? = nil) {
        let id = UUID().uuidString.prefix(8).lowercased()
        if let chosen {
            path = chosen
            isChosen = true
        } else {
            let folder = Self.folder(environment: environment)
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            path = (folder as NSString).appendingPathComponent("lxc-build-\(TimeStamp.local(Date(), "%Y%m%d-%H%M%S"))-\(id).log")
            isChosen = false
        }
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (chosen == nil ? O_EXCL : O_TRUNC)
        let descriptor = open(path, flags, 0o600)
        handle = descriptor >= 0 ? FileHandle(fileDescriptor: descriptor, closeOnDealloc: true) : nil
        self.secrets = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }

    /// The values the environment holds that a log masks (``Redactor/init(environment:)``).
    static func environmentSecrets(_ environment: [String: String]) -> [String] {
        Redactor(environment: environment).secrets
    }

    /// Checks a `--log FILE` choice before anything runs: its folder exists, and it is a new or a regular file.
    static func validate(chosen logFile: String?) throws {
        guard let logFile else { return }
        var isFolder: ObjCBool = false
        let folder = (logFile as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--log \(OptionChecks.shown(logFile)): no such folder \(OptionChecks.shown(folder)); accepted: a file in an existing folder")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: logFile)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            throw ValidationError("--log \(OptionChecks.shown(logFile)): not a regular file (a folder, a link or a device); accepted: a new or regular file")
        }
    }

    /// Keeps the log (a failed run): the folder is pruned to the newest ``kept`` logs, this one included.
    func keep() {
        guard !isChosen else { return }
        let folder = (path as NSString).deletingLastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("lxc-build-") && $0.hasSuffix(".log") }.sorted()
        for name in names.dropLast(Self.kept) where (folder as NSString).appendingPathComponent(name) != path {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// Masks `secret` too from now on (a password typed in the wizard).
    func addSecret(_ secret: String) {
        guard secret.count >= 3 else { return }
        lock.withLock { secrets = (secrets + [secret]).sorted { $0.count > $1.count } }
    }

    /// Removes the log: the run needs no record (a log chosen with `--log` stays).
    func discard() {
        lock.withLock {
            guard !discarded, !isChosen else { return }
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
            try? handle?.write(contentsOf: Data("[\(TimeStamp.local(Date(), "%Y-%m-%d %H:%M:%S"))] [\(level)] \(line)\n".utf8))
        }
    }

    /// Logs an event; `container` (a stack's member) comes first on its line.
    func record(_ event: BuildEvent, of container: String? = nil) {
        let prefix = container.map { "\($0): " } ?? ""
        switch event {
        case .started(let step): write("INFO", "\(prefix)\(step.title)...")
        case .finished(let step, let detail): write("OK", "\(prefix)\(step.title): \(detail)")
        case .decided(let text): write("INFO", prefix + text)
        case .warning(let text): write("WARN", prefix + text)
        case .failed(let step, let text): write("ERROR", "\(prefix)\(step.title): \(text)")
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
