import Foundation
import LXCBuildTestSupport
import Testing

/// The process ends with `_exit` after flushing (the libraries' finalizers raced a running thread):
/// everything written before reaches a pipe whole: a result, and the help the argument parser composes.
@Suite("lxc-build's end flushes its output", .serialized)
struct ProcessEndTests {
    /// Runs lxc-build with standard output on a pipe read to its end; standard error is not kept.
    static func output(of arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: Data) {
        try await offPool {
            let output = Pipe()
            let process = try CLITests.launch(arguments, environment: environment, output: output, errors: nil)
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
    }

    @Test("the help the argument parser composes is written whole before the process ends")
    func helpIsFlushed() async throws {
        let run = try await Self.output(of: ["create", "--help"], environment: ProcessInfo.processInfo.environment)
        let text = String(decoding: run.output, as: UTF8.self)
        #expect(run.status == 0)
        #expect(text.hasPrefix("OVERVIEW: Create a container for APP"), "\(text.prefix(200))")
        #expect(text.contains("-h, --help") && text.hasSuffix("\n"), "\(text.suffix(300))")
    }

    @Test("a --json document larger than a pipe's buffer is written whole before the exit")
    func largeJSONIsWhole() async throws {
        try await withFakePVE { pve in
            let count = 600
            for vmid in 100..<(100 + count) {
                // Tagged as the community scripts tag theirs: `list` shows it.
                try pve.call("add_ct", [vmid, "a-container-with-a-rather-long-host-name-number-\(vmid)"],
                             ["node": "pve1", "config": ["tags": "community-script;app-\(vmid)"]])
            }
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await Self.output(of: ["list", "--json"], environment: environment)
            #expect(run.status == 0)
            #expect(run.output.count > 65_536, "the document (\(run.output.count) bytes) is not larger than a pipe's buffer")
            #expect(run.output.last == UInt8(ascii: "\n"))
            let json = try #require(try JSONSerialization.jsonObject(with: run.output) as? [String: Any])
            #expect((json["containers"] as? [Any])?.count == count)
        }
    }
}
