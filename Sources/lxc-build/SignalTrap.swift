import Dispatch
import Foundation
import Glibc

/// Turns SIGINT and SIGTERM into cancellation of one task, remembering which signal came.
final class SignalTrap: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    /// Cancels `task` on SIGINT or SIGTERM.
    init(cancelling task: Task<Void, Never>) {
        for signalNumber in [SIGINT, SIGTERM] {
            Glibc.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in
                self?.lock.withLock { self?.received = self?.received ?? signalNumber }
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, if any.
    var signal: Int32? { lock.withLock { received } }

    deinit {
        for source in sources { source.cancel() }
    }
}
