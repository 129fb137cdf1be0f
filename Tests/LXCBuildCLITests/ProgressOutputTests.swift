import Foundation
import LXCBuildTestSupport
import Testing

/// Progress people read (issue 29): each step shown when it starts without a terminal or with NO_COLOR, `apply`
/// showing each container's steps as `create` does, and a spinner that stops at Ctrl-C for the cleanup's lines.
@Suite("progress output of create and apply", .serialized)
struct ProgressOutputTests {
    static let spinnerFrames: Set<Character> = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    static let stack = """
        name: web-tier
        defaults:
          app: debian
          settings: {var_version: 12, var_gateway: 10.0.0.1}
        containers:
          web1:
            settings: {var_net: 10.0.0.21/24}
          web2:
            settings: {var_net: 10.0.0.22/24}
        """

    /// A folder with the stack file, and the environment of a run against `pve`.
    static func stackFile(_ pve: FakePVE) throws -> (file: String, environment: [String: String]) {
        try StackCommandTests.setUp(pve, stack: stack)
    }

    /// Where `text` starts in `errors`; a failed requirement when it is not there.
    static func position(of text: String, in errors: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String.Index {
        try #require(errors.range(of: text)?.lowerBound, "\(text) in \(errors)", sourceLocation: sourceLocation)
    }

    @Test("NO_COLOR and a pipe: create prints each step when it starts and when it ends, without colour; --json is one document")
    func plainStepStarts() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let noColor: [String?] = ["1", nil]
            for (index, value) in noColor.enumerated() {
                // NO_COLOR=1, then no NO_COLOR on a pipe with a colour terminal named: progress the same both times.
                environment["NO_COLOR"] = value
                environment["TERM"] = "xterm-256color"
                let run = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.3\(index)/24",
                                                  "--gateway", "10.9.0.1", "--yes"], environment: environment)
                #expect(run.status == 0, "\(run.errors)")
                let started = try Self.position(of: "\nCreating the container...\n", in: run.errors)
                let finished = try Self.position(of: "\nCreating the container: container", in: run.errors)
                #expect(started < finished, "\(run.errors)")
                let starting = try Self.position(of: "\nStarting the container...\n", in: run.errors)
                #expect(finished < starting, "one step's start after the previous one's end: \(run.errors)")
                #expect(!run.errors.contains("\u{1B}") && !run.errors.contains { Self.spinnerFrames.contains($0) }, "\(run.errors)")
            }
            let json = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.9.0.39/24", "--gateway", "10.9.0.1",
                                               "--yes", "--json"], environment: environment)
            #expect(json.status == 0, "\(json.errors)")
            #expect(json.json["status"] as? String == "running" && json.json["ctid"] is Int, "\(json.output)")
            #expect(!json.errors.contains("Creating the container..."), "--json prints only warnings and failures: \(json.errors)")
        }
    }

    @Test("apply through a pipe: each container's steps when they start and when they end, named by the container")
    func applyPlainSteps() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let (file, environment) = try Self.stackFile(pve)
            let run = try await CLITests.run(["apply", file, "--yes"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            for name in ["web1", "web2"] {
                let started = try Self.position(of: "\(name): Creating the container...\n", in: run.errors)
                let finished = try Self.position(of: "\(name): Creating the container: container", in: run.errors)
                #expect(started < finished, "\(run.errors)")
                #expect(run.errors.contains("\(name): Starting the container..."), "\(run.errors)")
            }
            #expect(!run.errors.contains("\u{1B}") && !run.errors.contains { Self.spinnerFrames.contains($0) }, "\(run.errors)")

            // --json: the report alone on standard output, no step lines.
            let again = try await CLITests.run(["apply", file, "--yes", "--json"], environment: environment)
            #expect(again.status == 0, "\(again.errors)")
            let containers = again.json["containers"] as? [[String: Any]] ?? []
            #expect(containers.map { $0["status"] as? String } == ["existing", "existing"], "\(again.output)")
            #expect(!again.errors.contains("Creating the container"), "\(again.errors)")
        }
    }

    @Test("apply on a terminal: a spinner names the container's running step, then a ✔️ line per step, as create shows them")
    func applyOnTerminal() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var (file, environment) = try Self.stackFile(pve)
            environment["NO_COLOR"] = nil
            environment["TERM"] = "xterm-256color"
            let run = try await PseudoTerminal().run([CLITests.executable, "apply", file, "--yes"], environment: environment,
                                                     steps: [.init("Stack web-tier", [], timeout: 300)])
            #expect(run.failedStep == nil && run.status == 0, "\(run.transcript)")
            #expect(run.transcript.contains { Self.spinnerFrames.contains($0) }, "a spinner while steps run: \(run.transcript)")
            // The spinner names the latest step started, with how many more run.
            #expect(run.squeezed.contains(": Creating the container..."), "\(run.transcript)")
            #expect(run.squeezed.contains(" more running)"), "\(run.transcript)")
            for name in ["web1", "web2"] {
                #expect(run.squeezed.contains("✔️ \(name): Creating the container: container"), "\(run.transcript)")
            }
            #expect(try await pve.containerIDs().count == 2)
        }
    }

    @Test("apply on a terminal with a container that cannot be planned: nothing spins while the plans and the question are shown")
    func nothingSpinsAtTheQuestion() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let stack = Self.stack + "\n  web3:\n    node: pve9\n    settings: {var_net: 10.0.0.23/24}\n"
            var (file, environment) = try StackCommandTests.setUp(pve, stack: stack)
            environment["NO_COLOR"] = nil
            environment["TERM"] = "xterm-256color"
            let run = try await PseudoTerminal().run([CLITests.executable, "apply", file], environment: environment,
                                                     steps: [.init("[y/N]", ["n\r"], timeout: 300, delay: 1)])
            #expect(run.failedStep == nil && run.status == 254, "declined: \(run.transcript)")
            let squeezed = run.squeezed
            let plans = try Self.position(of: "== web1: create ==", in: squeezed)
            let shown = squeezed[plans...]
            #expect(shown.contains("== web3: cannot be planned =="), "\(shown)")
            #expect(!shown.contains { Self.spinnerFrames.contains($0) }, "a spinner ran on after the plans: \(shown)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("Ctrl-C on a terminal: the stopping line, then no spinner: the failure and the cleanup as lines; exit 130")
    func interruptStopsSpinner() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // A create task that never ends: the run is still creating when Ctrl-C comes.
            try pve.setItem("ct_secs", key: "create", value: 86_400)
            try pve.set("time_scale", 1)
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["NO_COLOR"] = nil
            environment["TERM"] = "xterm-256color"
            let run = try await PseudoTerminal().run(
                [CLITests.executable, "create", "debian", "--os-version", "12", "--ip", "10.9.0.41/24", "--gateway", "10.9.0.1", "--yes"],
                environment: environment,
                // Some seconds after the step starts: lxc-build has sent the create and waits for its task.
                steps: [.init("Creating the container...", ["\u{03}"], timeout: 300, delay: 10)])
            #expect(run.failedStep == nil && run.status == 130, "\(run.transcript)")
            let squeezed = run.squeezed
            let after = squeezed[try Self.position(of: "stopping: interrupted", in: squeezed)...]
            #expect(!after.contains { Self.spinnerFrames.contains($0) }, "the spinner ran on after Ctrl-C: \(after)")
            #expect(after.contains("✖️ Creating the container: "), "\(after)")
            let taskPolled = try pve.requests().contains { $0.method == "GET" && $0.path.contains("/tasks/UPID") }
            if taskPolled {
                // The container existed when Ctrl-C came: the cleanup is shown as lines, and done.
                #expect(after.contains("⏳ Removing the half-built container..."), "\(after)")
                #expect(after.contains("✔️ Removing the half-built container: container 100 removed"), "\(after)")
                #expect(try await pve.containerIDs().isEmpty)
            }
        }
    }
}
