import ContainerKit
import Foundation

/// Prints build events as build.func-style progress lines on standard error: a spinner while a step runs
/// (on a terminal), then ✔️ / ✖️ / 💡 lines. Plain text without colour when standard error is not a
/// terminal or NO_COLOR is set, where each step's start is a line of its own (NO_COLOR drops colour, never
/// progress); so is every start after a signal stopped the run (the spinner stops, the cleanup is shown as lines).
/// `quiet` shows only warnings and failures; `verbose` keeps a line for each step's start on a terminal too.
final class ProgressPrinter: @unchecked Sendable {
    enum Verbosity: Sendable { case quiet, normal, verbose }

    private let decorated: Bool
    private let verbosity: Verbosity
    private let log: RunLog?
    private let output: TerminalOutput
    private let lock = NSLock()
    private var spinner: Spinner?
    /// The step whose start was shown and that has not finished.
    private var shownStep: BuildStep?
    /// Events waiting for ``shownStep`` to finish.
    private var held: [BuildEvent] = []

    init(environment: [String: String], verbosity: Verbosity = .normal, log: RunLog? = nil, output: TerminalOutput = .shared) {
        decorated = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        self.verbosity = verbosity
        self.log = log
        self.output = output
    }

    /// Handles one event (thread-safe). Lines come in the order things happen: a step that starts while another
    /// shown step still runs (the builder overlaps them), and everything after it, waits until that step has
    /// finished or failed, so "Starting..." never comes before "Creating: done", nor the cleanup before the failure.
    func handle(_ event: BuildEvent) {
        log?.record(event)
        lock.withLock { process(event) }
    }

    /// Shows what waited and stops the spinner (at the end of a run: a plan that failed leaves its step unfinished).
    func flush() {
        lock.withLock {
            releaseHeld()
            stopSpinner()
        }
    }

    private func process(_ event: BuildEvent) {
        guard held.isEmpty, !startsWhileAnotherRuns(event) else {
            if closesShownStep(event) {
                show(event)
                let pending = held
                held = []
                pending.forEach(process)
            } else {
                held.append(event)
            }
            return
        }
        show(event)
    }

    private func releaseHeld() {
        let pending = held
        held = []
        shownStep = nil
        pending.forEach(show)
    }

    private func startsWhileAnotherRuns(_ event: BuildEvent) -> Bool {
        guard case .started(let step) = event, let shownStep else { return false }
        return shownStep != step
    }

    private func closesShownStep(_ event: BuildEvent) -> Bool {
        switch event {
        case .finished(let step, _): return step == shownStep
        case .failed: return true
        default: return false
        }
    }

    private func show(_ event: BuildEvent) {
        stopSpinner()
        switch event {
        case .started(let step):
            shownStep = step
            guard verbosity != .quiet else { break }
            let spins = decorated && output.showsStatus
            if verbosity == .verbose || !spins { line("⏳", "\(step.title)...", style: .waiting) }
            if spins { spinner = Spinner("\(step.title)...", output: output) }
        case .finished(let step, let detail):
            if step == shownStep { shownStep = nil }
            if verbosity != .quiet { line("✔️ ", "\(step.title): \(detail)", style: .success) }
        case .decided(let text):
            if verbosity != .quiet { line("💡", text, style: .note) }
        case .warning(let text):
            line("⚠️ ", text, style: .warning)
        case .failed(let step, let text):
            shownStep = nil
            line("✖️ ", "\(step.title): \(text)", style: .failure)
        }
    }

    /// Writes a plain line (summaries), through the same lock.
    func say(_ text: String) {
        log?.write(.info, text)
        lock.withLock {
            releaseHeld()
            guard verbosity != .quiet else { return }
            stopSpinner()
            output.line(text, to: .errors)
        }
    }

    /// Writes the settings summary: with its symbols only when decorated, always plain in the log.
    func summary(_ plan: CreatePlan) {
        log?.write(.info, Summary.render(plan, symbols: false))
        lock.withLock {
            releaseHeld()
            guard verbosity != .quiet else { return }
            stopSpinner()
            output.line(Summary.render(plan, symbols: decorated), to: .errors)
        }
    }

    private func line(_ symbol: String, _ text: String, style: TerminalOutput.Style) {
        output.line(text, symbol: symbol, style: style, decorated: decorated)
    }

    private func stopSpinner() {
        spinner?.stop()
        spinner = nil
    }
}
