import ContainerKit
import Foundation
import Glibc

/// Standard output and standard error: the one way the command line writes to them.
///
/// Every piece of text goes through ``TerminalText/escaped(_:)`` (JSON through
/// ``TerminalText/escapedJSON(_:)``); the only raw control sequences are this type's own ``Style`` and
/// ``clearLine()``, so no renderer can let a server's text drive the terminal.
///
/// Writes use `write(2)`: with SIGPIPE ignored (``LXCBuildMain``), a closed pipe or a hung-up terminal
/// makes a write fail instead of killing the process. The first failed write to a stream marks it closed
/// (later writes to it are dropped) and calls ``whenClosed``: by default the process ends with 141; `create`
/// cancels its run instead, so the container it made is removed first.
final class TerminalOutput: @unchecked Sendable {
    /// Standard output or standard error.
    enum Stream: Int32, Sendable, CustomStringConvertible {
        case output = 1
        case errors = 2

        var description: String { self == .output ? "standard output" : "standard error" }
    }

    /// The colours progress lines use (SGR parameters); the only escape sequences written besides ``clearLine()``.
    enum Style: String, Sendable {
        case success = "1;92"
        case failure = "01;31"
        case note = "36"
        case warning = "93"
        case waiting = "33"
    }

    /// The process's output.
    static let shared = TerminalOutput()

    private let lock = NSLock()
    private var closed: Set<Stream> = []
    /// Set by ``endStatus(clearing:)``: spinner frames are dropped from then on.
    private var statusEnded = false
    private var closedHandler: @Sendable (Stream) -> Void = { _ in ProcessEnd.exit(BuildExitCode.outputClosed) }

    /// What happens when a stream turns out to be closed (called once per stream, outside any lock).
    var whenClosed: @Sendable (Stream) -> Void {
        get { lock.withLock { closedHandler } }
        set { lock.withLock { closedHandler = newValue } }
    }

    /// Whether `stream` was found closed.
    func isClosed(_ stream: Stream) -> Bool { lock.withLock { closed.contains(stream) } }

    /// Writes `text`, escaped, and a newline.
    func line(_ text: String, to stream: Stream = .output) {
        emit(TerminalText.escaped(text) + "\n", to: stream)
    }

    /// Writes `text`, escaped, without a newline (prompts).
    func write(_ text: String, to stream: Stream) {
        emit(TerminalText.escaped(text), to: stream)
    }

    /// Writes `text`, escaped, in `style` after `symbol` when `decorated`, plain otherwise; then a newline.
    func line(_ text: String, symbol: String, style: Style, decorated: Bool, to stream: Stream = .errors) {
        let shown = TerminalText.escaped(text)
        emit(decorated ? "\(TerminalText.escaped(symbol)) \u{1B}[\(style.rawValue)m\(shown)\u{1B}[0m\n" : shown + "\n", to: stream)
    }

    /// Writes `prefix` in `style` and `text`, escaped, at the start of the current line (a spinner frame);
    /// nothing after ``endStatus(clearing:)``.
    func status(_ prefix: String, style: Style, text: String, to stream: Stream = .errors) {
        emit("\r\u{1B}[\(style.rawValue)m\(TerminalText.escaped(prefix))\u{1B}[0m \(TerminalText.escaped(text))", to: stream, isStatus: true)
    }

    /// Whether spinner frames are still written (no signal has stopped the run).
    var showsStatus: Bool { lock.withLock { !statusEnded } }

    /// Ends every spinner for the rest of the process (the run was stopped: what follows are lines, not a spinner
    /// that runs on while the run cleans up); `clearing` also clears the current line of standard error.
    func endStatus(clearing: Bool) {
        lock.withLock { statusEnded = true }
        if clearing { clearLine() }
    }

    /// Clears the current line (after a spinner).
    func clearLine(on stream: Stream = .errors) {
        emit("\r\u{1B}[K", to: stream)
    }

    /// Writes a JSON document and a newline to standard output; control characters its encoder left raw are escaped.
    func json(_ text: String) {
        emit(TerminalText.escapedJSON(text) + "\n", to: .output)
    }

    /// Watches both streams on a thread of its own and reports one that closes (its reader went away, the
    /// terminal hung up) even while nothing is written, so a long step does not go on for a reader that is gone.
    func watchForClosing() {
        let thread = Thread { [self] in
            var watched: [Stream] = [.output, .errors]
            while !watched.isEmpty {
                var descriptors = watched.map { pollfd(fd: $0.rawValue, events: 0, revents: 0) }
                if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 {
                    if errno == EINTR { continue }
                    return
                }
                for (stream, descriptor) in zip(watched, descriptors)
                where descriptor.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                    markClosed(stream)
                }
                watched.removeAll { isClosed($0) }
            }
        }
        thread.name = "lxc-build.output-watch"
        thread.start()
    }

    private func emit(_ text: String, to stream: Stream, isStatus: Bool = false) {
        let bytes = Array(text.utf8)
        let failed: Bool = lock.withLock {
            guard !closed.contains(stream), !(isStatus && statusEnded) else { return false }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(stream.rawValue, $0.baseAddress, $0.count) }
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && errno == EAGAIN {
                    var descriptor = pollfd(fd: stream.rawValue, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&descriptor, 1, 1000)
                } else {
                    closed.insert(stream)
                    return true
                }
            }
            return false
        }
        if failed { whenClosed(stream) }
    }

    private func markClosed(_ stream: Stream) {
        let isNew = lock.withLock { closed.insert(stream).inserted }
        if isNew { whenClosed(stream) }
    }
}
