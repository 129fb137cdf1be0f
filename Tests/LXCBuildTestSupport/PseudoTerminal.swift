import Foundation

/// Runs a program on a pseudo-terminal through `scripts/pty_driver.py` and answers its screens: each step waits
/// for a text, then sends keys (see the script for the key names). The driver kills the program and everything
/// it started when a text does not come or the time is up, so a test never leaves a process behind.
public struct PseudoTerminal: Sendable {
    /// One expected screen and the keys that answer it.
    public struct Step: Sendable {
        /// Text the output must contain (escape sequences removed, white space squeezed).
        public var expect: String
        /// Keys to send: names such as `ENTER`, `TAB`, `DOWN`, `ESC`, `CLEAR`, or literal text.
        public var send: [String]
        /// Seconds to wait for `expect`.
        public var timeout: Double
        /// Seconds to wait after `expect` came, before the keys are sent.
        public var delay: Double

        /// A step; `timeout` seconds for the text to come, then `delay` seconds before the keys.
        public init(_ expect: String, _ send: [String], timeout: Double = 30, delay: Double = 0.3) {
            self.expect = expect
            self.send = send
            self.timeout = timeout
            self.delay = delay
        }
    }

    /// How a run ended.
    public struct Run: Sendable {
        /// The exit status (negative: killed by that signal), `nil` when unknown.
        public let status: Int?
        /// Whether the overall time ran out.
        public let timedOut: Bool
        /// The index of the step whose text never came.
        public let failedStep: Int?
        /// Everything the program wrote, escape sequences removed.
        public let transcript: String

        /// The transcript with runs of white space squeezed to one space, for matching texts that wrap.
        public var squeezed: String {
            transcript.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// Columns and rows of the terminal.
    public var columns = 100
    public var rows = 30
    /// Seconds for the whole run.
    public var timeout: Double = 150

    /// A terminal of the default size (100x30).
    public init() {}

    /// Runs `argv` with exactly `environment` (plus TERM=xterm and a UTF-8 LANG when missing) through `steps`.
    public func run(_ argv: [String], environment: [String: String], steps: [Step]) async throws -> Run {
        var environment = environment
        if environment["LXC_BUILD_LOG_DIR"] == nil {
            // A failed run's log goes to a test folder, never to /var/log/lxc-build (the tests run as root).
            environment["LXC_BUILD_LOG_DIR"] = FileManager.default.temporaryDirectory.appendingPathComponent("lxc-build-test-logs").path
        }
        let spec: [String: Any] = [
            "argv": argv, "env": environment, "cols": columns, "rows": rows, "timeout": timeout,
            "steps": steps.map { ["expect": $0.expect, "send": $0.send, "timeout": $0.timeout, "delay": $0.delay] as [String: Any] },
        ]
        let input = try JSONSerialization.data(withJSONObject: spec)
        let limit = Int(timeout) + 30
        return try await offPool { try Self.drive(input, limit: limit) }
    }

    private static func drive(_ input: Data, limit: Int) throws -> Run {
        let driver = FakePVE.packageRoot.appendingPathComponent("scripts/pty_driver.py").path
        let process = Process()
        // `timeout` is a last resort: the driver keeps its own deadline and stops the program itself.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", String(limit), FakePVE.python, driver]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw FakePVE.HarnessError(description: "pty_driver.py gave no result (exit \(process.terminationStatus))")
        }
        return Run(status: object["status"] as? Int, timedOut: object["timedOut"] as? Bool ?? false,
                   failedStep: object["failedStep"] as? Int, transcript: object["transcript"] as? String ?? "")
    }
}
