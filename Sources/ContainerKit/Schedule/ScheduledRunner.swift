public import Foundation
public import ProxmoxAPI

/// What `lxc-build schedule run NAME` does when systemd starts a schedule's service: reads the job file (root's,
/// written by ``ScheduleInstaller``), runs the installed lxc-build with the job's command and arguments plus `--yes
/// --json`, prints one summary line (for the journal), and POSTs the run's document to the job's notify address.
public struct ScheduledRunner: Sendable {
    /// Where the job files and the executable are.
    public let locations: ScheduleLocations
    /// Runs the command (this machine's shell: the service runs on the node).
    public let shell: any NodeShell
    /// Sends the notification.
    public let transport: any HTTPTransport
    /// The clock.
    public let now: @Sendable () -> Date

    /// A runner; the notification goes through libcurl with a 30 s limit.
    public init(locations: ScheduleLocations = ScheduleLocations(), shell: any NodeShell = LocalNodeShell(),
                transport: (any HTTPTransport)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.locations = locations
        self.shell = shell
        var configuration = CurlTransport.Configuration()
        configuration.requestTimeout = .seconds(30)
        configuration.allowPlainHTTPOnLoopback = true
        configuration.maximumBodySize = 1 << 20
        self.transport = transport ?? CurlTransport(configuration: configuration)
        self.now = now
    }

    /// Reads the job `name` from its file, which must be a regular file (not a link) of root's (or of this user's),
    /// that no one else can write, and hold a valid job of that name.
    /// - Throws: ``BuildError`` 234 when there is no such job file; 64 when it is unsafe or not a valid job.
    public func load(_ name: String) throws(BuildError) -> ScheduledJob {
        try ScheduledJob(name: name, command: .update, arguments: [], calendar: "daily").validate()
        let path = locations.jobFile(name)
        let data = try PrivateFile.read(path, limit: 64 << 10, what: "the schedule's job file")
        guard let job = try? JSONDecoder().decode(ScheduledJob.self, from: data), job.name == name else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "\(path) does not hold the schedule \(name)",
                             hint: "Write it again with lxc-build schedule … --replace, or remove it with lxc-build schedule remove \(name).")
        }
        try job.validate()
        return job
    }

    /// Runs `job` once and returns its report; the command's exit code is the report's.
    public func run(_ job: ScheduledJob) async -> ScheduledRunReport {
        let started = now()
        let arguments = [locations.executable, job.command.rawValue] + job.runArguments
        var report = ScheduledRunReport(schedule: job.name, command: job.commandLine, startedAt: TimeStamp.iso8601(started),
                                        endedAt: "", exitCode: .success, explanation: "", report: nil, problem: nil)
        do {
            let result = try await shell.onNode(arguments, input: Data())
            report.exitCode = BuildExitCode(rawValue: result.exitCode)
            report.report = try? JSONDecoder().decode(JSONValue.self, from: result.stdout)
            if report.report == nil {
                report.problem = "the command printed no JSON document" + (result.errorOutput.isEmpty ? "" : ": " + Self.line(result.errorOutput))
            }
        } catch {
            report.exitCode = error.kind == .cancelled ? .interrupted : .general
            report.problem = "\(locations.executable) could not be run: \(error.message)"
        }
        report.endedAt = TimeStamp.iso8601(now())
        report.explanation = report.exitCode.explanation
        return report
    }

    /// POSTs `report` as JSON to `url`.
    /// - Throws: ``BuildError`` with the transport's code (7, 28, 35) or 1 for an answer of 300 or more.
    public func notify(_ report: ScheduledRunReport, to url: String) async throws(BuildError) {
        let body: Data
        do { body = Data(try ReportEncoder.text(report, pretty: false).utf8) } catch {
            throw BuildError(exitCode: BuildExitCode.general, message: "the run's report could not be encoded: \(error)")
        }
        let request = HTTPRequest(method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/json")], body: body)
        let shown = ScheduledJob.shown(notify: url)
        let answer: HTTPResponse
        do { answer = try await transport.send(request) } catch {
            throw BuildError(exitCode: BuildExitCode.code(for: error), message: "the notify address \(shown) could not be reached: \(error.message)")
        }
        guard answer.status < 300 else {
            throw BuildError(exitCode: BuildExitCode.general, message: "the notify address \(shown) answered \(answer.status)")
        }
    }

    /// One line for the journal: `schedule nightly: update --all --yes --json exited 0 (Success); 3 containers`.
    public static func summary(_ report: ScheduledRunReport) -> String {
        var line = "schedule \(report.schedule): \(report.command) exited \(report.exitCode) (\(report.explanation))"
        if let containers = report.report?["containers"]?.arrayValue { line += "; \(containers.count) containers" }
        if let problem = report.problem { line += "; \(problem)" }
        return line
    }

    static func line(_ text: String) -> String {
        let first = text.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
        return String(BuildError.quoted(String(first.prefix(300))).dropFirst().dropLast())
    }
}

/// What one scheduled run did: the document POSTed to the notify address and printed by `schedule run --json`.
public struct ScheduledRunReport: Codable, Sendable, Equatable {
    /// The schedule's name.
    public var schedule: String
    /// The command line run (`update --all --yes --json`).
    public var command: String
    /// When it started (ISO 8601, UTC).
    public var startedAt: String
    /// When it ended.
    public var endedAt: String
    /// The command's exit code.
    public var exitCode: BuildExitCode
    /// build.func's explanation of the exit code.
    public var explanation: String
    /// The command's own `--json` document (the update's or health's report); `null` when it printed none.
    @ExplicitNull public var report: JSONValue?
    /// What went wrong around the command, if anything.
    @ExplicitNull public var problem: String?
}
