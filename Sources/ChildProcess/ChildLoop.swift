import Foundation
import Glibc

/// The loop that feeds a started child, drains its output, and stops it: one `poll` over its pipes and the
/// wake pipe of ``RunControl``, on the thread that started it.
///
/// It ends when the child has ended and both output pipes reached end of file. At the deadline, when the task
/// is cancelled, or when the child wrote more than the command's output limit (with overflow `.stop`), the child's
/// group (the child alone on a terminal) gets `SIGTERM`, then `SIGKILL` after the grace; once `SIGKILL` was sent
/// and the child has ended, the loop no longer waits for the pipes: whatever still holds them left the group on
/// purpose. With overflow `.stop`, output past the limit is always reported as
/// ``ChildOutcome/Stop/outputLimit``: the read that finds it is never the one that
/// finds end of file, so the loop looks at the limit before it can see the pipes drained.
struct ChildLoop {
    /// What the loop collected.
    struct Collected {
        var output: Data
        var errors: Data
        var stop: ChildOutcome.Stop?
        var unreadInput: Int
        var omittedOutput: ChildOutcome.Omission?
        var omittedErrors: ChildOutcome.Omission?
    }

    let command: ChildCommand
    let control: RunControl
    let pid: pid_t
    var streams: StreamEnds

    private var output: CapturedStream
    private var errors: CapturedStream
    private var written = 0
    private var inputTotal = 0
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(command: ChildCommand, control: RunControl, pid: pid_t, streams: StreamEnds) {
        self.command = command
        self.control = control
        self.pid = pid
        self.streams = streams
        inputTotal = streams.input.count
        output = CapturedStream(limit: command.outputLimit, overflow: command.overflow)
        errors = CapturedStream(limit: command.outputLimit, overflow: command.overflow)
    }

    /// Whether a stream passed the limit and the command says to stop the child then.
    private var mustStopForOutput: Bool {
        command.overflow == .stop && (output.isOverLimit || errors.isOverLimit)
    }

    /// Runs until the child ended and its output is drained, or until it was stopped; closes every pipe end.
    mutating func run() -> Collected {
        // The writes to the child's standard input fail with EPIPE instead of raising SIGPIPE.
        let stop = (try? BrokenPipeSignal.blocked { () throws(ChildProcessError) -> ChildOutcome.Stop? in loop() }) ?? nil
        streams.closeAll()
        control.close()
        let (outputBytes, omittedOutput) = output.finished()
        let (errorBytes, omittedErrors) = errors.finished()
        return Collected(
            output: Data(outputBytes), errors: Data(errorBytes), stop: stop, unreadInput: inputTotal - written,
            omittedOutput: omittedOutput, omittedErrors: omittedErrors)
    }

    private mutating func loop() -> ChildOutcome.Stop? {
        if streams.inputWrite >= 0 && inputTotal == 0 { Descriptors.close(&streams.inputWrite) }
        let clock = ContinuousClock()
        let deadline = command.deadline.map { clock.now + $0 }
        var stop: ChildOutcome.Stop?
        var killAt: ContinuousClock.Instant?
        var killed = false
        while true {
            let (cancelled, exited) = control.state
            let drained = streams.outputRead < 0 && streams.errorRead < 0
            if exited && drained { return stop }
            let now = clock.now
            if stop == nil {
                if cancelled {
                    stop = .cancelled
                } else if mustStopForOutput {
                    stop = .outputLimit
                } else if let deadline, now >= deadline {
                    stop = .deadline
                }
                if stop != nil {
                    signal(SIGTERM)
                    killAt = now + command.grace
                    Descriptors.close(&streams.inputWrite)
                }
            }
            if let killAt, !killed, now >= killAt {
                signal(SIGKILL)
                killed = true
            }
            if killed && exited {
                // Whatever still holds the pipes is not in the group any more: take what is there and go.
                if streams.outputRead >= 0 { _ = drain(.output) }
                if streams.errorRead >= 0 { _ = drain(.errors) }
                return stop
            }
            let wakeAt = killed ? nil : (killAt ?? (stop == nil ? deadline : nil))
            waitForEvents(until: wakeAt, clock: clock)
        }
    }

    /// Polls until a pipe is ready, news came, or `wakeAt`; then does the reading and writing that is ready.
    private mutating func waitForEvents(until wakeAt: ContinuousClock.Instant?, clock: ContinuousClock) {
        var descriptors = [pollfd(fd: control.wakeRead, events: Int16(POLLIN), revents: 0)]
        for descriptor in [streams.outputRead, streams.errorRead] where descriptor >= 0 {
            descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
        }
        if streams.inputWrite >= 0 { descriptors.append(pollfd(fd: streams.inputWrite, events: Int16(POLLOUT), revents: 0)) }
        var timeout: Int32 = -1
        if let wakeAt {
            let left = clock.now.duration(to: wakeAt)
            let milliseconds = left.components.seconds * 1000 + (left.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            timeout = Int32(clamping: max(0, milliseconds))
        }
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
        guard ready > 0 else { return }  // time is up, or EINTR: the loop looks again
        for entry in descriptors where entry.revents != 0 {
            switch entry.fd {
            case control.wakeRead:
                control.drain()
            case streams.outputRead:
                if !drain(.output) { Descriptors.close(&streams.outputRead) }
            case streams.errorRead:
                if !drain(.errors) { Descriptors.close(&streams.errorRead) }
            case streams.inputWrite:
                feed()
            default:
                break
            }
        }
    }

    /// The two streams the loop collects.
    private enum CollectedStream { case output, errors }

    /// Reads one bufferful of what is there, so that a child writing without pause never keeps the loop from
    /// its deadline; `false` at end of file (or on an error, which ends the stream as well).
    private mutating func drain(_ stream: CollectedStream) -> Bool {
        let descriptor = stream == .output ? streams.outputRead : streams.errorRead
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if stream == .output {
                    output.append(buffer[0..<count])
                } else {
                    errors.append(buffer[0..<count])
                }
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return count < 0 && errno == EAGAIN
        }
    }

    /// Writes the next part of the input; closes standard input when all is written or the child stopped reading.
    private mutating func feed() {
        let result = streams.input.withUnsafeBytes { bytes in
            Glibc.write(streams.inputWrite, bytes.baseAddress! + written, min(bytes.count - written, 65536))
        }
        if result > 0 {
            written += result
            if written == inputTotal { Descriptors.close(&streams.inputWrite) }
            return
        }
        if result < 0 && (errno == EINTR || errno == EAGAIN) { return }
        // EPIPE (the child closed standard input or ended) or another error: it will read nothing more.
        BrokenPipeSignal.consumePending()
        Descriptors.close(&streams.inputWrite)
    }

    /// Sends `number` to the child's group, or to the child alone when it shares the caller's group. The child is
    /// not reaped yet, so its id still names it (and its group).
    private func signal(_ number: Int32) {
        if command.ownsProcessGroup {
            if kill(-pid, number) != 0 { kill(pid, number) }
        } else {
            kill(pid, number)
        }
    }
}
