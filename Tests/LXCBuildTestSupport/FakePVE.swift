public import Foundation

/// A running fakepve (PyPI, a third-party fake of the PVE 9 API) on a loopback address and a free port,
/// driven through `scripts/fakepve_harness.py`. Each test gets its own; ``stop()`` ends it, and the harness
/// also ends by itself when its stdin closes, so a crashed test run leaves nothing behind.
public final class FakePVE: @unchecked Sendable {
    /// Where the fake listens and how to trust it.
    public struct Info: Sendable {
        public let url: String
        public let host: String
        public let port: Int
        public let caFile: String
        public let fingerprint: String
    }

    /// The harness did not start or stopped answering.
    public struct HarnessError: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let info: Info
    private let process: Process
    private let input: FileHandle
    private let reader: LineReader
    private let lock = NSLock()

    /// The repository root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The virtualenv Python that has fakepve (`make test-deps` creates it), or `$LXC_BUILD_PYTHON`.
    public static var python: String {
        ProcessInfo.processInfo.environment["LXC_BUILD_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    private init(process: Process, input: FileHandle, reader: LineReader, info: Info) {
        self.process = process
        self.input = input
        self.reader = reader
        self.info = info
    }

    /// Starts a fake with the default node `pve1` plus `extraNodes`.
    public static func start(host: String = "127.0.0.1", extraNodes: [String] = []) throws -> FakePVE {
        try launch(script: "scripts/fakepve_harness.py", arguments: ["--host", host, "--nodes", extraNodes.joined(separator: ",")], host: host)
    }

    /// Starts `scripts/scripted_pve.py`: canned answers fakepve cannot give (gzip, reason-only errors, a hang).
    /// With `serving`, also serves that folder's files under `/catalog/`; `hostile` puts terminal control
    /// characters in node and storage names and in an error (see the script).
    public static func startScripted(serving folder: String? = nil, hostile: Bool = false) throws -> FakePVE {
        let arguments = (folder.map { ["--serve", $0] } ?? []) + (hostile ? ["--hostile"] : [])
        return try launch(script: "scripts/scripted_pve.py", arguments: arguments, host: "127.0.0.1")
    }

    /// The paths the scripted server (``startScripted(serving:hostile:)``) was asked for so far.
    public func scriptedRequests() throws -> [String] {
        try command(["op": "requests"]) as? [String] ?? []
    }

    private static func launch(script: String, arguments: [String], host: String) throws -> FakePVE {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw HarnessError(description: "no Python with fakepve at \(python): run `make test-deps` first (the README's test command does)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent(script).path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = LineReader(handle: stdout.fileHandleForReading)
        guard let line = reader.readLine(), let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let url = object["url"] as? String, let port = object["port"] as? Int, let caFile = object["cafile"] as? String,
            let fingerprint = object["fingerprint"] as? String
        else {
            process.terminate()
            throw HarnessError(description: "fakepve harness did not start")
        }
        return FakePVE(
            process: process, input: stdin.fileHandleForWriting, reader: reader,
            info: Info(url: url, host: host, port: port, caFile: caFile, fingerprint: fingerprint))
    }

    /// Sends one control command and returns its result.
    @discardableResult
    public func command(_ command: [String: Any]) throws -> Any? {
        try lock.withLock {
            let data = try JSONSerialization.data(withJSONObject: command)
            input.write(data + Data("\n".utf8))
            guard let line = reader.readLine(),
                let answer = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            else {
                throw HarnessError(description: "fakepve harness stopped answering")
            }
            guard answer["ok"] as? Bool == true else {
                throw HarnessError(description: "fakepve: \(answer["error"] ?? "unknown error")")
            }
            return answer["result"] is NSNull ? nil : answer["result"]
        }
    }

    /// Calls a FakePve method.
    @discardableResult
    public func call(_ method: String, _ args: [Any] = [], _ kwargs: [String: Any] = [:]) throws -> Any? {
        try command(["op": "call", "method": method, "args": args, "kwargs": kwargs])
    }

    /// Sets a FakePve attribute.
    public func set(_ attribute: String, _ value: Any) throws {
        try command(["op": "set", "attr": attribute, "value": value])
    }

    /// Sets an item of a dictionary attribute (`apitokens`).
    public func setItem(_ attribute: String, key: String, value: Any) throws {
        try command(["op": "setitem", "attr": attribute, "key": key, "value": value])
    }

    /// Makes every container start (or only container `vmid`'s) fail with `message` as its task error (`nil`:
    /// starts work again): the start of a create with `start=1`, which runs inside the create task and sends no
    /// request a path fault could match, and `POST .../status/start` alike. The container stays, as after a real
    /// failed start.
    public func failStarts(_ message: String?, vmid: Int? = nil) throws {
        try command(["op": "fail_starts", "message": message ?? NSNull(), "vmid": vmid ?? NSNull()])
    }

    /// Every request fakepve saw, as (method, path).
    public func requests() throws -> [(method: String, path: String)] {
        let rows = try command(["op": "get", "attr": "requests"]) as? [[Any]] ?? []
        return rows.compactMap { row in
            guard row.count >= 2, let method = row[0] as? String, let path = row[1] as? String else { return nil }
            return (method, path)
        }
    }

    /// Stops the fake and waits for its process.
    public func stop() {
        _ = try? command(["op": "stop"])
        try? input.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Runs `body` with a fresh fake and stops it afterwards, also when `body` throws.
public func withFakePVE<T>(
    host: String = "127.0.0.1", extraNodes: [String] = [], _ body: (FakePVE) async throws -> T
) async throws -> T {
    // Starting waits for Python to say it listens (about a second): off the concurrency pool, which has about one
    // thread per core and would stall every other test meanwhile.
    let pve = try await offPool { try FakePVE.start(host: host, extraNodes: extraNodes) }
    do {
        let result = try await body(pve)
        _ = try? await offPool { pve.stop() }
        return result
    } catch {
        _ = try? await offPool { pve.stop() }
        throw error
    }
}

/// Reads newline-terminated lines from a pipe, blocking.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(handle: FileHandle) {
        self.handle = handle
    }

    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}

/// Runs blocking work (child processes, pipes, sleeps) on a thread of its own. On Linux the Swift concurrency
/// pool is Dispatch's, with about one thread per core: blocking it starves Dispatch, and with it Foundation's
/// reaping of child processes and its timers.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try body() })
        }.start()
    }
}
