import Foundation
import LXCBuildTestSupport
import Testing

/// What a Proxmox VE server sends (descriptions, node and storage names, error bodies, task logs) never drives
/// the terminal: every control character but newline and tab reaches stdout, stderr and the build log escaped.
@Suite("Server text never drives the terminal", .serialized)
struct HostileOutputTests {
    /// A window title, a clear screen, an 8-bit CSI, DEL and a carriage return.
    static let hostile = "evil\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{7F}\rend"

    /// The control characters in `text` a terminal would act on: C0 but newline and tab, DEL, C1.
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    static func expectClean(_ run: CLITests.Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rawControls(run.output).isEmpty, "\(what): stdout has \(rawControls(run.output))", sourceLocation: sourceLocation)
        #expect(rawControls(run.errors).isEmpty, "\(what): stderr has \(rawControls(run.errors))", sourceLocation: sourceLocation)
    }

    @Test("inspect: a container description with escape sequences is shown escaped; --json keeps it exactly, escaped")
    func inspectDescription() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [100, "hostile"], ["config": ["description": "notes " + Self.hostile]])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let text = try await CLITests.run(["inspect", "100"], environment: environment)
            #expect(text.status == 0, "\(text.errors)")
            Self.expectClean(text, "inspect")
            #expect(text.output.contains("notes evil\\x1b]0;owned\\x07\\x1b[2J\\u{9b}31m\\x7f\\x0dend"), "\(text.output)")
            let json = try await CLITests.run(["inspect", "100", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.errors)")
            Self.expectClean(json, "inspect --json")
            let config = json.json["config"] as? [String: Any]
            #expect(config?["description"] as? String == "notes " + Self.hostile, "the JSON still means the same text: \(json.output)")
        }
    }

    /// Unicode's bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which reorder how
    /// a terminal shows the text around them.
    static let bidiControls: [Unicode.Scalar] = (0x202A...0x202E).compactMap { Unicode.Scalar(UInt32($0)) }
        + (0x2066...0x2069).compactMap { Unicode.Scalar(UInt32($0)) } + ["\u{200E}", "\u{200F}", "\u{061C}"]

    @Test("list and inspect: bidirectional controls in the notes are shown escaped; --json keeps them exactly")
    func bidiControlsInNotes() async throws {
        let bidi = String(String.UnicodeScalarView(Self.bidiControls))
        try await withFakePVE { pve in
            let notes = "## demo\u{202E}txt.exe\n- lxc-build run: 0123456789abcdef0123456789abcdef\n- Template: t\(bidi)x"
            try pve.call("add_ct", [100, "bidi"], ["config": ["description": notes]])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            for arguments in [["list"], ["inspect", "100"]] {
                let run = try await CLITests.run(arguments, environment: environment)
                #expect(run.status == 0, "\(arguments): \(run.errors)")
                let raw = (run.output + run.errors).unicodeScalars.filter { Self.bidiControls.contains($0) }
                #expect(raw.isEmpty, "\(arguments): raw \(raw.map { String(format: "U+%04X", $0.value) })")
                #expect(run.output.contains("demo\\u{202e}txt.exe"), "\(arguments): \(run.output)")
            }
            let list = try await CLITests.run(["list"], environment: environment)
            #expect(list.output.contains("t\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}\\u{2066}\\u{2067}\\u{2068}\\u{2069}"
                + "\\u{200e}\\u{200f}\\u{61c}x"), "\(list.output)")
            let json = try await CLITests.run(["list", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.errors)")
            #expect(!json.output.unicodeScalars.contains { Self.bidiControls.contains($0) }, "\(json.output)")
            let row = (json.json["containers"] as? [[String: Any]])?.first
            #expect(row?["app"] as? String == "demo\u{202E}txt.exe" && row?["template"] as? String == "t\(bidi)x", "\(json.output)")
        }
    }

    @Test("nodes and storage: hostile node and storage names are escaped in text and JSON")
    func namesFromTheServer() async throws {
        let server = try FakePVE.startScripted(hostile: true)
        defer { server.stop() }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["PROXMOX_VE_ENDPOINT"] = server.info.url
        environment["PROXMOX_VE_FINGERPRINT"] = server.info.fingerprint
        environment["PROXMOX_VE_API_TOKEN"] = "root@pam!t=00000000-0000-0000-0000-000000000000"
        for arguments in [["nodes"], ["nodes", "--json"], ["storage", "--node", "pve"], ["storage", "--node", "pve", "--json"]] {
            let run = try await CLITests.run(arguments, environment: environment)
            #expect(run.status == 0, "\(arguments): \(run.errors)")
            Self.expectClean(run, arguments.joined(separator: " "))
            #expect(run.output.contains("evil"), "\(arguments): \(run.output)")
        }
        let nodes = try await CLITests.run(["nodes", "--json"], environment: environment)
        #expect(((nodes.json["nodes"] as? [[String: Any]]) ?? []).contains { $0["node"] as? String == "pve" + Self.hostile })
    }

    @Test("an error whose reason phrase and body carry escape sequences is printed escaped, text and JSON")
    func errorBody() async throws {
        let server = try FakePVE.startScripted(hostile: true)
        defer { server.stop() }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["PROXMOX_VE_ENDPOINT"] = server.info.url
        environment["PROXMOX_VE_FINGERPRINT"] = server.info.fingerprint
        environment["PROXMOX_VE_API_TOKEN"] = "root@pam!t=00000000-0000-0000-0000-000000000000"
        for arguments in [["inspect", "100"], ["destroy", "100", "--yes"], ["destroy", "100", "--yes", "--json"]] {
            let run = try await CLITests.run(arguments, environment: environment)
            #expect(run.status != 0)
            Self.expectClean(run, arguments.joined(separator: " "))
            #expect((run.output + run.errors).contains("broken evil"), "\(arguments): \(run.output) \(run.errors)")
        }
    }

    @Test("create: a task log with escape sequences reaches progress lines, the error and the kept log escaped")
    func taskLog() async throws {
        try await withFakePVE { pve in
            try pve.serveCatalog(error: "download failed " + Self.hostile)
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let temporary = try CLITests.temporaryDirectory()
            environment["TMPDIR"] = temporary
            environment["LXC_BUILD_LOG_DIR"] = environment["TMPDIR"]
            for json in [false, true] {
                let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.30.0.9/24", "--yes", "--verbose"]
                                                 + (json ? ["--json"] : []), environment: environment)
                #expect(run.status == 222, "\(run.errors)")
                Self.expectClean(run, json ? "create --json" : "create")
                #expect((run.output + run.errors).contains("download failed evil"), "\(run.output) \(run.errors)")
            }
            let logs = try FileManager.default.contentsOfDirectory(atPath: temporary).filter { $0.hasSuffix(".log") }
            #expect(logs.count == 2)
            for log in logs {
                let text = try String(contentsOfFile: temporary + "/" + log, encoding: .utf8)
                #expect(text.contains("download failed evil"))
                #expect(Self.rawControls(text).isEmpty, "\(log): \(Self.rawControls(text))")
            }
        }
    }

    @Test("no command writes to stdout or stderr around TerminalOutput, the one place that escapes")
    func oneOutputBoundary() throws {
        let sources = FakePVE.packageRoot.appendingPathComponent("Sources/lxc-build")
        let bypass = /(^|[^.\w])print\(|FileHandle\.standard(Output|Error)|\bf(puts|write|printf)\(|\bwrite\((STDOUT_FILENO|STDERR_FILENO|1,|2,)/
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        #expect(files.contains("Output/TerminalOutput.swift"))
        for file in files where file.hasSuffix(".swift") && !file.hasPrefix("Output/") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.contains("func print(") && line.contains(bypass) {
                found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "write through TerminalOutput instead: \(found)")
    }
}
