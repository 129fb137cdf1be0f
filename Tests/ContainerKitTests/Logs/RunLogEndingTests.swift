import ContainerKitTestSupport
import Foundation
import Testing
@testable import ContainerKit

/// How a `create` or `apply` run's log ends (``RunLog/finish(failure:afterWriting:details:)``): kept only when the
/// run failed after it started writing, with its failure last and its secrets masked.
@Suite("RunLog: the end of a run's log")
struct RunLogEndingTests {
    static func log(secret: String) throws -> RunLog {
        try RunLog(redactor: Redactor(secrets: [secret]), environment: ["LXC_BUILD_LOG_DIR": try temporaryFolder()])
    }

    @Test("a run that failed after writing keeps its log: details, then the exit with its explanation; the secret masked")
    func failedAfterWritingKept() throws {
        let log = try Self.log(secret: "Ending-Secret-5")
        let path = log.finish(failure: BuildError(exitCode: BuildExitCode.notRunning, message: "container 101 did not start (Ending-Secret-5)"),
                              afterWriting: true, details: ["web: exit 117: did not start"])
        #expect(path == log.path)
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count >= 2 && lines[lines.count - 2].hasSuffix("web: exit 117: did not start"), "\(text)")
        #expect(lines.last?.contains("exit 117 (") == true && lines.last?.contains("container 101 did not start (********)") == true, "\(text)")
        #expect(!text.contains("Ending-Secret-5"))
    }

    @Test("a run that succeeded, or failed before any write, removes its log", arguments: [true, false])
    func otherwiseRemoved(failedBeforeWriting: Bool) throws {
        let log = try Self.log(secret: "x-secret")
        let failure = failedBeforeWriting ? BuildError(exitCode: BuildExitCode.usage, message: "bad value") : nil
        #expect(log.finish(failure: failure, afterWriting: !failedBeforeWriting) == nil)
        #expect(!FileManager.default.fileExists(atPath: log.path))
    }
}
