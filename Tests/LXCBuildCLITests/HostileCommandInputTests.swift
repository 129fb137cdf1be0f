import Foundation
import LXCBuildTestSupport
import Testing

/// Invalid and hostile values for the commands besides `create` and `plan` (those are in `HostileInputTests`):
/// each is refused with the option and the value named, before any request, and nothing changes.
@Suite("Hostile input to the other commands", .serialized)
struct HostileCommandInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        /// The message must name one of these (the option, the argument or the value).
        let names: [String]
        var exitCode: Int32 = 64
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["inspect", "abc"], names: ["ctid", "abc"]),
        Case(arguments: ["inspect", "5"], names: ["CTID 5"]),
        Case(arguments: ["inspect", "100", "--node", "pve1/../../access"], names: ["--node", "pve1/../../access"]),
        Case(arguments: ["destroy", "100", "--yes", "--node", "a;rm -rf /"], names: ["--node", "a;rm -rf /"]),
        Case(arguments: ["destroy", "42", "--yes"], names: ["CTID 42"]),
        Case(arguments: ["destroy", "$(id)", "--yes"], names: ["ctid", "$(id)"]),
        Case(arguments: ["storage", "--node", "pve1,pve2"], names: ["--node", "pve1,pve2"]),
        Case(arguments: ["storage", "--node", "pve\n1"], names: ["--node", "pve\\n1"]),
        Case(arguments: ["templates", "--node", "`id`"], names: ["--node", "`id`"]),
        Case(arguments: ["templates", "--os", "debian&x=1"], names: ["--os", "debian&x=1"]),
        Case(arguments: ["explain-exit", "1;2"], names: ["code", "1;2"]),
        Case(arguments: ["completions", "tcsh"], names: ["tcsh"]),
        Case(arguments: ["config", "show", "debian", "--set", "cpu=$(id)"], names: ["var_cpu", "$(id)"]),
        Case(arguments: ["config", "show", "debian", "--mode", "turbo"], names: ["turbo"], exitCode: 112),
        Case(arguments: ["config", "save", "../../etc/passwd"], names: ["../../etc/passwd"]),
        Case(arguments: ["probe", "--timeout", "-1"], names: ["--timeout", "-1"]),
        Case(arguments: ["list", "--node", "a;rm -rf /"], names: ["--node", "a;rm -rf /"]),
        Case(arguments: ["update", "42", "--yes"], names: ["CTID 42"]),
        Case(arguments: ["update", "100", "--yes", "--app", "x;rm -rf /"], names: ["--app", "x;rm -rf /"]),
        Case(arguments: ["update", "100", "--yes", "--catalog", "/nowhere/$(id)"], names: ["--catalog", "/nowhere/$(id)"]),
        Case(arguments: ["update", "100", "--yes", "--node-shell", "ssh://-oProxyCommand=id"], names: ["--node-shell"]),
    ]

    @Test("an invalid or hostile value: refused with the option and value named, no request, nothing written", arguments: cases)
    func refused(_ item: Case) async throws {
        try await withFakePVE { pve in
            let defaults = try CLITests.temporaryDirectory()
            let run = try await CLITests.run(item.arguments, environment: CLITests.environment(for: pve, defaults: defaults))
            #expect(run.status.rawValue == item.exitCode, "\(run.errors)\(run.output)")
            let said = run.errors + run.output
            #expect(item.names.contains { said.contains($0) }, "\(said)")
            #expect(try pve.requests().isEmpty, "a request went out")
            let written = try FileManager.default.subpathsOfDirectory(atPath: defaults)
            #expect(written.allSatisfy { !$0.hasSuffix(".vars") }, "\(written)")
        }
    }
}
