import ContainerKit
import Foundation

/// Prints build events as build.func-style progress lines on standard error: a spinner while a step runs
/// (on a terminal), then ✔️ / ✖️ / 💡 lines. Plain text without colour when standard error is not a
/// terminal or NO_COLOR is set; `quiet` shows only warnings and failures, `verbose` also each step's start.
final class ProgressPrinter: @unchecked Sendable {
    enum Verbosity: Sendable { case quiet, normal, verbose }

    private let decorated: Bool
    private let verbosity: Verbosity
    private let log: BuildLog?
    private let lock = NSLock()
    private var spinner: Task<Void, Never>?

    init(environment: [String: String], verbosity: Verbosity = .normal, log: BuildLog? = nil) {
        decorated = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        self.verbosity = verbosity
        self.log = log
    }

    /// Handles one event (thread-safe).
    func handle(_ event: BuildEvent) {
        log?.record(event)
        lock.withLock {
            stopSpinner()
            switch event {
            case .started(let step):
                if decorated && verbosity != .quiet {
                    startSpinner(step.title)
                } else if verbosity == .verbose {
                    line("⏳", "\(step.title)...", color: "33")
                }
            case .finished(let step, let detail):
                if verbosity != .quiet { line("✔️ ", "\(step.title): \(detail)", color: "1;92") }
            case .decided(let text):
                if verbosity != .quiet { line("💡", text, color: "36") }
            case .warning(let text):
                line("⚠️ ", text, color: "93")
            case .failed(let step, let text):
                line("✖️ ", "\(step.title): \(text)", color: "01;31")
            }
        }
    }

    /// Writes a plain line (summaries), through the same lock.
    func say(_ text: String) {
        log?.write("INFO", text)
        guard verbosity != .quiet else { return }
        lock.withLock {
            stopSpinner()
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    private func line(_ symbol: String, _ text: String, color: String) {
        let rendered = decorated ? "\(symbol) \u{1B}[\(color)m\(text)\u{1B}[0m" : text
        FileHandle.standardError.write(Data((rendered + "\n").utf8))
    }

    private func startSpinner(_ title: String) {
        spinner = Task.detached {
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            var index = 0
            while !Task.isCancelled {
                FileHandle.standardError.write(Data("\r\u{1B}[93m\(frames[index % frames.count])\u{1B}[0m \(title)...".utf8))
                index += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func stopSpinner() {
        guard let spinner else { return }
        spinner.cancel()
        self.spinner = nil
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
