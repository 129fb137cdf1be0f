import Foundation

/// `GET /nodes/{node}/tasks/{upid}/status`.
public struct TaskStatus: Sendable, Equatable {
    /// The task.
    public var upid: String
    /// `true` while the task runs.
    public var isRunning: Bool
    /// `OK`, `WARNINGS: n`, or the error text, once stopped.
    public var exitStatus: String?
    /// Task type.
    public var type: String?
    /// The answer as sent.
    public var raw: JSONValue

    /// Reads a status answer.
    public init(json: JSONValue) throws(ProxmoxError) {
        guard let status = json["status"]?.stringValue else {
            throw ProxmoxError(.decoding, message: "task status answer has no 'status': \(json.serialized())")
        }
        upid = json["upid"]?.stringValue ?? ""
        isRunning = status == "running"
        exitStatus = json["exitstatus"]?.stringValue
        type = json["type"]?.stringValue
        raw = json
    }

    /// `true` for `OK` and `WARNINGS: n`, which PVE counts as success.
    public var succeeded: Bool {
        guard let exitStatus, !isRunning else { return false }
        return exitStatus == "OK" || exitStatus.hasPrefix("WARNINGS:")
    }

    /// The `n` of `WARNINGS: n`, else 0.
    public var warningCount: Int {
        guard let exitStatus, exitStatus.hasPrefix("WARNINGS:") else { return 0 }
        return Int(exitStatus.dropFirst("WARNINGS:".count).trimmingCharacters(in: .whitespaces)) ?? 1
    }
}

/// How a task ended when it succeeded.
public struct TaskOutcome: Sendable, Equatable {
    /// The task.
    public var upid: UPID
    /// `OK` or `WARNINGS: n`.
    public var exitStatus: String
    /// The `WARN:` lines of the task log (empty for `OK`).
    public var warnings: [String]
}
