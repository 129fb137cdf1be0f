import Dispatch
import Foundation
import Glibc

/// Turns the signals of ``RunStop/signals`` and a closed output stream into cancellation of one task,
/// remembering the first reason. The signals are ignored from then on (a second Ctrl-C does not cut the
/// cleanup short); the cancelled run removes what it created and ends with ``RunStop/exitCode``.
final class SignalTrap: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: RunStop?
    private var cancelWork: (@Sendable () -> Void)?

    /// Starts listening: the signals and `output`'s closed streams. A reason that comes before
    /// ``cancel(_:)`` names the task cancels it at once.
    init(output: TerminalOutput = .shared) {
        for signalNumber in RunStop.signals {
            Glibc.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.stop(.signal(signalNumber)) }
            source.resume()
            sources.append(source)
        }
        output.whenClosed = { [weak self] stream in self?.stop(.outputClosed(stream)) }
        output.watchForClosing()
    }

    /// The task to cancel.
    func cancel<Success: Sendable>(_ task: Task<Success, Never>) {
        let stopped = lock.withLock {
            cancelWork = { task.cancel() }
            return received != nil
        }
        if stopped { task.cancel() }
    }

    /// The first reason received, if any.
    var reason: RunStop? { lock.withLock { received } }

    private func stop(_ reason: RunStop) {
        let cancelWork = lock.withLock {
            if received == nil { received = reason }
            return self.cancelWork
        }
        cancelWork?()
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
