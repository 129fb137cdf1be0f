import ContainerKit
import Foundation

/// Prints build events as build.func-style progress lines on standard error.
struct ProgressPrinter: Sendable {
    /// Whether lines carry symbols and colour (a terminal without NO_COLOR).
    let decorated: Bool

    init(environment: [String: String]) {
        decorated = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil
    }

    func handle(_ event: BuildEvent) {
        switch event {
        case .started: return
        case .finished(let step, let detail): line("✔️ ", "\(step.title): \(detail)", color: "32")
        case .decided(let text): line("💡", text, color: "36")
        case .warning(let text): line("⚠️ ", text, color: "33")
        case .failed(let step, let text): line("✖️ ", "\(step.title): \(text)", color: "31")
        }
    }

    private func line(_ symbol: String, _ text: String, color: String) {
        let rendered = decorated ? "\(symbol) \u{1B}[\(color)m\(text)\u{1B}[0m" : text
        FileHandle.standardError.write(Data((rendered + "\n").utf8))
    }
}
