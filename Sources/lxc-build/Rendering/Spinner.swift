import Foundation

/// A spinner on standard error's current line: a frame and a text, redrawn every 100 ms on a task of its own
/// until ``stop()``. Frames are written under the spinner's own lock, so once ``stop()`` returns none follows:
/// a line written next never lands after a frame. After a signal (``TerminalOutput/endStatus()``) frames are
/// dropped, so the spinner no longer moves while the run cleans up.
final class Spinner: @unchecked Sendable {
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private let output: TerminalOutput
    private let lock = NSLock()
    private var text: String
    private var stopped = false
    private var task: Task<Void, Never>?

    /// Starts spinning with `text`.
    init(_ text: String, output: TerminalOutput) {
        self.output = output
        self.text = text
        task = Task.detached { [self] in
            var index = 0
            while !Task.isCancelled {
                draw(Self.frames[index % Self.frames.count])
                index += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// The text the next frames show.
    func update(_ text: String) {
        lock.withLock { self.text = text }
    }

    /// Stops and clears the line; no frame is written after this returns.
    func stop() {
        let task = lock.withLock {
            guard !stopped else { return Task<Void, Never>?.none }
            stopped = true
            output.clearLine()
            return self.task
        }
        task?.cancel()
    }

    private func draw(_ frame: String) {
        lock.withLock {
            guard !stopped else { return }
            output.status(frame, style: .warning, text: text)
        }
    }
}
