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
    private let output: TerminalOutput
    private let lock = NSLock()
    private var spinner: Task<Void, Never>?

    init(environment: [String: String], verbosity: Verbosity = .normal, log: BuildLog? = nil, output: TerminalOutput = .shared) {
        decorated = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        self.verbosity = verbosity
        self.log = log
        self.output = output
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
                    line("⏳", "\(step.title)...", style: .waiting)
                }
            case .finished(let step, let detail):
                if verbosity != .quiet { line("✔️ ", "\(step.title): \(detail)", style: .success) }
            case .decided(let text):
                if verbosity != .quiet { line("💡", text, style: .note) }
            case .warning(let text):
                line("⚠️ ", text, style: .warning)
            case .failed(let step, let text):
                line("✖️ ", "\(step.title): \(text)", style: .failure)
            }
        }
    }

    /// Writes a plain line (summaries), through the same lock.
    func say(_ text: String) {
        log?.write("INFO", text)
        guard verbosity != .quiet else { return }
        lock.withLock {
            stopSpinner()
            output.line(text, to: .errors)
        }
    }

    /// Writes the settings summary: with its symbols only when decorated, always plain in the log.
    func summary(_ plan: CreatePlan) {
        log?.write("INFO", Summary.render(plan, symbols: false))
        guard verbosity != .quiet else { return }
        lock.withLock {
            stopSpinner()
            output.line(Summary.render(plan, symbols: decorated), to: .errors)
        }
    }

    private func line(_ symbol: String, _ text: String, style: TerminalOutput.Style) {
        output.line(text, symbol: symbol, style: style, decorated: decorated)
    }

    private func startSpinner(_ title: String) {
        let output = self.output
        spinner = Task.detached {
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            var index = 0
            while !Task.isCancelled {
                output.status(frames[index % frames.count], style: .warning, text: "\(title)...")
                index += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func stopSpinner() {
        guard let spinner else { return }
        spinner.cancel()
        self.spinner = nil
        output.clearLine()
    }
}
