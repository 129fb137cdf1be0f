import Foundation
import LXCBuildTestSupport
import ContainerKit
import Testing

@Suite("The y/N question of destroy, update and apply", .serialized)
struct ConfirmationTests {
    @Test("Ctrl-C at destroy's question exits 130 with a newline after the question, and removes nothing")
    func interruptedQuestion() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [120, "asked"], ["status": "running"])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await PseudoTerminal().run([CLITests.executable, "destroy", "120"], environment: environment,
                                                     steps: [.init("[y/N]", ["\u{03}"], timeout: 300)])
            #expect(run.failedStep == nil && run.status == Int(BuildExitCode.interrupted), "\(run.transcript)")
            let lines = run.transcript.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.contains { $0.hasPrefix("error: interrupted (Ctrl-C)") }, "\(run.transcript)")
            #expect(!lines.contains { $0.contains("[y/N]") && $0.contains("error:") }, "\(run.transcript)")
            #expect(try await pve.containerIDs() == [120])
        }
    }
}
