import Foundation

/// Line input and output on the controlling terminal (`/dev/tty`), with a timeout.
struct TerminalIO: Sendable {
    /// How long one answer may take before the default is used.
    var timeout: Duration

    /// Writes `text` to the terminal.
    func write(_ text: String) {
        guard let tty = FileHandle(forWritingAtPath: "/dev/tty") else { return }
        try? tty.write(contentsOf: Data(TerminalText.escaped(text).utf8))
        try? tty.close()
    }

    /// Shows `prompt` and reads one line; `nil` when there is no terminal, it reached end of file, or no answer
    /// came within ``timeout`` (then a note says the default is taken). With `secret`, typing is not echoed.
    func readLine(_ prompt: String, secret: Bool = false) -> String? {
        guard let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else { return nil }
        defer { try? tty.close() }
        let descriptor = tty.fileDescriptor
        var saved = termios()
        let canHideEcho = secret && tcgetattr(descriptor, &saved) == 0
        if canHideEcho {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(descriptor, TCSANOW, &quiet)
        }
        defer {
            if canHideEcho {
                tcsetattr(descriptor, TCSANOW, &saved)
                try? tty.write(contentsOf: Data("\n".utf8))
            }
        }
        try? tty.write(contentsOf: Data(TerminalText.escaped(prompt).utf8))
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000)
        guard poll(&poller, 1, milliseconds) > 0 else {
            try? tty.write(contentsOf: Data("\n(no answer in \(timeout.components.seconds) s: the default is taken)\n".utf8))
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
