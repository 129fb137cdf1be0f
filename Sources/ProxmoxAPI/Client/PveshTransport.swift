import ChildProcess
import Foundation

/// Calls the API through the node's own `pvesh`, for lxc-build running as root on a PVE node with no
/// endpoint configured: no token or password is needed, as with build.func.
///
/// `GET`/`POST`/`PUT`/`DELETE` become `pvesh get|create|set|delete PATH --name value ... --output-format json`.
/// A parameter marked ``ParameterValue/secret(_:)`` is refused: pvesh takes parameters only on its command
/// line, where every user of the node can read them in `ps`.
public struct PveshTransport: APITransport {
    private let runner: any PveshRunner

    /// Makes a transport that runs `pvesh` through `runner`.
    public init(runner: any PveshRunner = ProcessPveshRunner()) {
        self.runner = runner
    }

    public var identity: String { "root@pam" }

    /// `pvesh on HOST`, this machine's host name (`gethostname(2)`, no name lookup): pvesh reaches the node it runs on.
    public var server: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "pvesh on this machine" }
        return "pvesh on " + String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// pvesh takes parameters only on its command line: no secret goes that way.
    public var carriesSecrets: Bool { false }

    public func perform(_ request: APIRequest) async throws(ProxmoxError) -> APIResponse {
        if let secret = request.parameters.first(where: { $0.value.isSecret }) {
            throw ProxmoxError(
                .unsupported,
                message: "the pvesh transport would show parameter '\(secret.name)' in the process list",
                method: request.method.rawValue, path: request.path,
                hint: "Set secrets another way (for example the root password through the node shell), or use "
                    + "the HTTPS API with PROXMOX_VE_ENDPOINT.")
        }
        let verb: String
        switch request.method {
        case .get: verb = "get"
        case .post: verb = "create"
        case .put: verb = "set"
        case .delete: verb = "delete"
        }
        var arguments = [verb, request.path.removingPercentEncoding ?? request.path]
        for parameter in request.parameters {
            arguments += ["--" + parameter.name, parameter.value.wireText]
        }
        arguments += ["--output-format", "json"]
        let result = try await runner.run(arguments: arguments)
        if result.exitStatus == 0 {
            let trimmed = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            let data: JSONValue
            do {
                data = trimmed.isEmpty ? .null : try JSONValue.parse(trimmed)
            } catch {
                throw ProxmoxError(
                    .decoding, message: "pvesh printed something that is not JSON: \(error.message)",
                    method: request.method.rawValue, path: request.path)
            }
            return APIResponse(status: 200, reason: "OK", body: ["data": data])
        }
        return Self.failure(fromStandardError: result.standardError)
    }

    /// Maps pvesh's error text to the answer the HTTP API would have given.
    ///
    /// pvesh prints `400 Parameter verification failed.` then `name: message` lines and its usage for schema
    /// errors, `NNN message` for other statuses it knows, and the bare message of a handler's `die`.
    static func failure(fromStandardError text: String) -> APIResponse {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if let usage = lines.firstIndex(where: { $0.hasPrefix("pvesh ") || $0.hasPrefix("USAGE:") }) {
            lines = Array(lines[..<usage])
        }
        var status = 500
        var message = lines.first ?? "pvesh failed without a message"
        if let first = lines.first, first.count > 4, let code = Int(first.prefix(3)),
            first.dropFirst(3).first == " ", (100...599).contains(code)
        {
            status = code
            message = String(first.dropFirst(4))
        }
        var errors: [String: JSONValue] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { continue }
            errors[name] = .string(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body: [String: JSONValue] = ["data": .null, "message": .string(message)]
        if !errors.isEmpty { body["errors"] = .object(errors) }
        return APIResponse(status: status, reason: message, body: .object(body))
    }
}

/// What a finished `pvesh` run printed.
public struct PveshResult: Sendable, Equatable {
    /// Exit status (non-zero: failure).
    public var exitStatus: Int32
    /// Standard output.
    public var standardOutput: String
    /// Standard error.
    public var standardError: String

    /// Makes a result.
    public init(exitStatus: Int32, standardOutput: String, standardError: String) {
        self.exitStatus = exitStatus
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// Runs `pvesh` with arguments; the seam the tests replace.
public protocol PveshRunner: Sendable {
    /// Runs `pvesh ARGUMENTS...` and returns what it printed.
    func run(arguments: [String]) async throws(ProxmoxError) -> PveshResult
}

/// Runs the real `pvesh` (or another executable, such as a test stand-in) as a child process, through
/// `ChildProcess`: standard input is `/dev/null`, both outputs are collected, and at the timeout or when the
/// calling task is cancelled pvesh is stopped with its whole process group.
public struct ProcessPveshRunner: PveshRunner {
    /// The executable, `/usr/bin/pvesh` on a PVE node.
    public var executable: String
    /// Arguments put before pvesh's own (an interpreter's script path, for a stand-in).
    public var leadingArguments: [String]
    /// Longest time one call may take before the child is killed.
    public var timeout: Duration

    /// Makes a runner.
    public init(executable: String = "/usr/bin/pvesh", leadingArguments: [String] = [], timeout: Duration = .seconds(300)) {
        self.executable = executable
        self.leadingArguments = leadingArguments
        self.timeout = timeout
    }

    /// Most bytes of an answer read (64 MiB, as ``CurlTransport/Configuration/maximumBodySize``).
    static let outputLimit = CurlTransport.Configuration.defaultMaximumBodySize

    public func run(arguments: [String]) async throws(ProxmoxError) -> PveshResult {
        let call = "pvesh " + arguments.prefix(2).joined(separator: " ")
        let outcome: ChildOutcome
        do {
            outcome = try await ChildProcess.run(ChildCommand(
                executable, leadingArguments + arguments, deadline: timeout, outputLimit: Self.outputLimit))
        } catch {
            if error.code == .cancelled { throw ProxmoxError(.cancelled, message: "\(call) was not started: the call was cancelled") }
            throw ProxmoxError(
                .transport, message: "cannot run \(executable): \(error.message)",
                hint: "The pvesh transport needs lxc-build to run as root on a Proxmox VE node; elsewhere give "
                    + "PROXMOX_VE_ENDPOINT and credentials.")
        }
        switch (outcome.stop, outcome.termination) {
        case (.deadline, _):
            throw ProxmoxError(.timeout, message: "\(call) did not finish within \(timeout) and was stopped")
        case (.cancelled, _):
            throw ProxmoxError(.cancelled, message: "\(call) was stopped: the call was cancelled")
        case (.outputLimit, _):
            throw ProxmoxError(.decoding, message: "\(call) answered more than \(Self.outputLimit >> 20) MiB; stopped reading it")
        case (nil, .signalled), (nil, .unknown):
            throw ProxmoxError(.transport, message: "\(call) ended with \(outcome.termination)")
        case (nil, .exited(let status)):
            return PveshResult(
                exitStatus: status, standardOutput: String(decoding: outcome.standardOutput, as: UTF8.self),
                standardError: String(decoding: outcome.standardError, as: UTF8.self))
        }
    }
}
