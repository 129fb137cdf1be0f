import ContainerKit
import Dispatch
import Glibc

/// The one y/N question of `destroy`, `destroy --stack`, `update` and `apply` before they change anything: asked on
/// standard error, answered on standard input (a terminal), no unless the answer is `y` or `yes`.
enum Confirmation {
    /// Refuses to go on when there is no terminal to answer the question: 64, and the way round (`--yes`).
    /// - Parameter command: The command that asks, for the message (`destroy`).
    static func requireTerminal(_ command: String) throws(BuildError) {
        guard isatty(STDIN_FILENO) == 1 else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(command) asks for confirmation and there is no terminal: add --yes")
        }
    }

    /// Asks `question` with `[y/N]` and returns when the answer is yes.
    /// - Parameters:
    ///   - question: What is asked (`Remove container 100 (web) on pve1?`).
    ///   - command: The command that asks, for the message without a terminal.
    ///   - declined: What was not done, for the message when the answer is no (`container 100 was not removed`).
    /// - Throws: ``BuildError``: 64 without a terminal, ``BuildExitCode/declined`` on no (or end of input), and a
    ///   signal of ``RunStop/signals`` while it waits (Ctrl-C: 130) ends the question with a newline and that
    ///   signal's exit code.
    static func ask(_ question: String, command: String, declined: String) throws(BuildError) {
        try requireTerminal(command)
        TerminalOutput.shared.write("\(question) [y/N] ", to: .errors)
        switch readAnswer() {
        case .line(let answer) where ["y", "yes"].contains(answer.lowercased()):
            return
        case .line, .end:
            throw BuildError(exitCode: BuildExitCode.declined, message: "\(declined): the answer was no")
        case .stopped(let stop):
            TerminalOutput.shared.write("\n", to: .errors)
            throw BuildError(exitCode: stop.exitCode, message: stop.message)
        }
    }

    /// What waiting for the answer ended with.
    private enum Answer {
        case line(String)
        case end
        case stopped(RunStop)
    }

    /// Waits for a line on standard input, or a signal: each signal of ``RunStop/signals`` is caught while it
    /// waits (its earlier handling is put back after), and wakes the wait through a pipe that carries its number.
    private static func readAnswer() -> Answer {
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else { return readLine().map(Answer.line) ?? .end }
        defer { for descriptor in wake { close(descriptor) } }
        let writer = wake[1]
        var sources: [any DispatchSourceSignal] = []
        var previous: [(Int32, sighandler_t?)] = []
        for number in RunStop.signals {
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                var byte = UInt8(number)
                _ = write(writer, &byte, 1)
            }
            source.resume()
            sources.append(source)
        }
        defer {
            for source in sources { source.cancel() }
            for (number, handler) in previous { signal(number, handler) }
        }
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&descriptors, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            var byte: UInt8 = 0
            if descriptors[1].revents != 0 && read(wake[0], &byte, 1) == 1 { return .stopped(.signal(Int32(byte))) }
            guard ready > 0, descriptors[0].revents != 0 else { continue }
            return readLine().map(Answer.line) ?? .end
        }
    }
}
