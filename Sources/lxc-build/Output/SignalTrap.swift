import ContainerKit
import Dispatch
import Foundation
import Glibc

/// Turns the signals of ``RunStop/signals`` and a closed output stream into cancellation of one task,
/// remembering the first reason. The first signal says on standard error what stopping does (the create task
/// PVE is asked to stop, the container removed); the cancelled run removes what it created and ends with
/// ``RunStop/exitCode``. A second signal ends the process at once with 128 + its number, naming the containers
/// ``UnfinishedContainers`` still lists: those its cleanup had not removed yet.
final class SignalTrap: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: RunStop?
    private var cancelWork: (@Sendable () -> Void)?
    private let output: TerminalOutput
    private let unfinished: UnfinishedContainers?

    /// Starts listening: the signals and `output`'s closed streams. A reason that comes before
    /// ``cancel(_:)`` names the task cancels it at once. `unfinished` lists the containers the run has made.
    init(output: TerminalOutput = .shared, unfinished: UnfinishedContainers? = nil) {
        self.output = output
        self.unfinished = unfinished
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
        let (first, cancelWork) = lock.withLock {
            let first = received == nil
            if first { received = reason }
            return (first, self.cancelWork)
        }
        let containers = unfinished?.entries ?? []
        if first {
            say(Self.stoppingLine(reason, containers: containers))
            cancelWork?()
        } else if case .signal = reason {
            // A closed stream while the run stops is not a request to hurry; a second signal is.
            say(Self.endingLine(reason, containers: containers))
            ProcessEnd.exit(reason.exitCode)
        }
    }

    private func say(_ line: String) {
        // Spinners stop here (the line is cleared after a frame): the cleanup's steps are printed as lines.
        output.endStatus(clearing: isatty(STDERR_FILENO) == 1)
        output.line(line, to: .errors)
    }

    /// What the first reason starts: the line that says so.
    static func stoppingLine(_ reason: RunStop, containers: [UnfinishedContainers.Entry]) -> String {
        var steps = containers.map { entry in
            let container = "container \(entry.ctid) on \(entry.node)"
            if entry.kept { return "keeping \(container) (--keep-on-failure)" }
            if entry.createTaskRunning {
                return "asking Proxmox VE to stop the create task of \(container), then removing the container this run created"
            }
            return "removing \(container), which this run created"
        }
        let removes = containers.contains { !$0.kept }
        steps.append("a second signal ends lxc-build at once" + (removes ? " and leaves what is not removed yet" : ""))
        return "stopping: \(reason.message): " + steps.joined(separator: "; ")
    }

    /// What a second signal leaves: the line printed as the process ends.
    static func endingLine(_ reason: RunStop, containers: [UnfinishedContainers.Entry]) -> String {
        var line = "lxc-build: \(reason.message) again: ending at once (exit \(reason.exitCode))"
        for entry in containers {
            line += "; container \(entry.ctid) on \(entry.node), which this run created, is left behind"
                + (entry.createTaskRunning ? " (its create task may still run)" : "")
                + ": remove it with `lxc-build destroy \(entry.ctid) --node \(entry.node) --yes`, or on the node "
                + "`pct destroy \(entry.ctid) --purge`"
        }
        return line
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
