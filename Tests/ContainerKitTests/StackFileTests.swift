import ConfigResolution
import Foundation
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Stack files and the placement rule, without a server.
@Suite("Stack files and node placement")
struct StackFileTests {
    static let example = """
        defaults:
          app: debian
          node: auto
          settings: {var_cpu: 1, var_gateway: 10.0.0.1}
        containers:
          web1:
            settings: {var_net: 10.0.0.11/24}
          db1:
            app: postgresql
            node: pve2
            settings: {var_net: 10.0.0.12/24, var_ram: 2048}
          spare:
        """

    @Test("the issue's example: defaults shared, each container overriding, names kept in order")
    func example() throws {
        let file = try StackFile.parse(Self.example, path: "/srv/stacks/web-tier.yaml")
        #expect(file.name == "web-tier")
        #expect(file.containers.map(\.name) == ["web1", "db1", "spare"])
        #expect(file.containers.map(\.app) == ["debian", "postgresql", "debian"])
        #expect(file.containers.map(\.node) == [.automatic, .named("pve2"), .automatic])
        let db = file.containers[1].settings.map { "\($0.variable)=\($0.value)" }
        #expect(db == ["var_cpu=1", "var_gateway=10.0.0.1", "var_net=10.0.0.12/24", "var_ram=2048"])
        #expect(file.containers[2].settings.count == 2 && file.containers[2].hostname == "spare")
    }

    @Test("unknown keys are refused with the file, the line and the nearest key", arguments: [
        ("container:\n  web1: {}\n", "unknown key 'container' at the top", "did you mean containers"),
        ("containers:\n  web1:\n    setings: {var_cpu: 1}\n", "unknown key 'setings' in container web1", "did you mean settings"),
        ("defaults:\n  nodes: auto\ncontainers:\n  web1:\n", "unknown key 'nodes' in defaults", "did you mean node"),
        ("containers:\n  \"a\\n- lxc-build stack: x b\":\n    app: debian\n", "container name 'a?- lxc-build stack: x b' is not accepted",
         "letters, digits"),
    ])
    func unknownKeys(_ text: String, _ what: String, _ fix: String) {
        #expect {
            try StackFile.parse(text, path: "s.yaml")
        } throws: { error in
            let message = (error as? BuildError)?.message ?? ""
            return (error as? BuildError)?.exitCode == BuildExitCode.usage && message.contains("s.yaml line") && message.contains(what)
                && message.contains(fix)
        }
    }

    @Test("a settings key that is no setting names the file, the container, the key and the nearest setting")
    func unknownSetting() throws {
        let file = try StackFile.parse("containers:\n  web1:\n    settings:\n      var_cpus: 2\n", path: "s.yaml")
        #expect {
            try file.containers[0].layer(file: file.path)
        } throws: { error in
            let message = (error as? BuildError)?.message ?? ""
            return message.contains("s.yaml line 4, container web1") && message.contains("'var_cpus'") && message.contains("did you mean var_cpu?")
        }
    }

    @Test("YAML errors say where without repeating the file's text (it may hold a password)")
    func yamlError() {
        #expect {
            try StackFile.parse("containers:\n  web1: {settings: {var_pw: Hunter2-secret\n", path: "s.yaml")
        } throws: { error in
            let message = (error as? BuildError)?.message ?? ""
            return message.contains("not valid YAML") && message.contains("line") && !message.contains("Hunter2")
        }
    }

    @Test("a key given twice is refused with its line and the key, without the file's text")
    func duplicateKey() {
        let error = #expect(throws: BuildError.self) {
            try StackFile.parse("containers:\n  web1:\n    app: debian\n  web2:\n    settings: {var_pw: Hunter2}\n  web1:\n", path: "s.yaml")
        }
        let message = error?.message ?? ""
        #expect(error?.exitCode == BuildExitCode.usage)
        #expect(message.contains("s.yaml line 2: 'web1' given more than once"), "\(message)")
        #expect(!message.contains("Hunter2") && !message.contains("refused it"))
    }

    @Test("every problem of the file is reported with its line, in file order, not only the first")
    func everyProblem() {
        let error = #expect(throws: BuildError.self) {
            try StackFile.parse("""
                nme: x
                containers:
                  web1:
                    ap: debian
                  -bad:
                    app: debian
                  web3:
                    app: debian
                    node: [pve1]
                """, path: "s.yaml")
        }
        let lines = (error?.message ?? "").split(separator: "\n").map(String.init)
        #expect(lines.first == "stack file s.yaml has 4 problems, in file order:", "\(lines)")
        #expect(lines.count == 5, "\(lines)")
        guard lines.count == 5 else { return }
        #expect(lines[1].contains("s.yaml line 1: unknown key 'nme' at the top"))
        #expect(lines[2].contains("s.yaml line 4: unknown key 'ap' in container web1"))
        #expect(lines[3].contains("s.yaml line 5: container name '-bad' is not accepted"))
        #expect(lines[4].contains("s.yaml line 9: node in container web3 must be a single value"))
    }

    @Test("a container's settings resolve with the stack as their source, a stack's var_ctid is pinned, bad values are refused")
    func provenance() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": folder, "HOME": folder], currentDirectory: folder)
        let file = try StackFile.parse(Self.example.replacingOccurrences(of: "var_ram: 2048", with: "var_ram: 2048, var_ctid: 250"),
                                       path: "web-tier.yaml")
        let base = try AppCatalog(directory: nil).definitionSuggesting(for: "debian")
        let member = try file.containers[1].member(file: file.path, loader: loader, mode: .default, app: base, catalogDirectory: nil)
        #expect(member.spec.cores == 1 && member.spec.memoryMiB == 2048 && member.spec.hostname == "db1" && member.spec.ctid == 250)
        #expect(member.spec.sources["var_cpu"] == "stack:web-tier.yaml:db1")
        #expect(member.spec.pinned.contains(.ctid))
        #expect(member.options.node == .named("pve2"))
        let bad = try StackFile.parse("containers:\n  web1:\n    app: debian\n    settings: {var_ram: lots}\n", path: "bad.yaml")
        #expect {
            try bad.containers[0].member(file: bad.path, loader: loader, mode: .default, app: base, catalogDirectory: nil)
        } throws: { error in
            let message = (error as? BuildError)?.message ?? ""
            return message.contains("bad.yaml line 4, container web1") && message.contains("var_ram") && message.contains("stack:bad.yaml:web1")
        }
    }

    static let equal = ["pve1", "pve2", "pve3"].map {
        NodeCapacity(node: $0, maxMemory: 8 << 30, usedMemory: 2 << 30, committedMemory: 0)
    }

    @Test("separate runs that cannot see each other spread over near-equal nodes instead of all taking one")
    func independentRunsSpread() {
        let chosen = (0..<10).map { seed -> String in
            var random = PlacementRandom(seed: UInt64(seed))
            return NodeSelection.place(memoryMiB: 512, among: Self.equal, random: &random)?.node ?? ""
        }
        #expect(Set(chosen) == ["pve1", "pve2", "pve3"])
    }

    @Test("memory committed to a node's guests counts, not only what is in use")
    func committedMemoryCounts() {
        var nodes = Self.equal
        nodes[0].committedMemory = 7 << 30  // pve1 has guests promised 7 GiB while they use little
        for seed in 0..<20 {
            var random = PlacementRandom(seed: UInt64(seed))
            #expect(NodeSelection.place(memoryMiB: 512, among: nodes, random: &random)?.node != "pve1")
        }
    }

    @Test("one run's ledger spreads its own containers evenly over near-equal nodes")
    func ledgerSpreads() async {
        let ledger = PlacementLedger(seed: 3)
        for _ in 0..<6 { _ = await ledger.choose(memoryMiB: 512, among: Self.equal) }
        #expect(await ledger.placed == ["pve1": 2, "pve2": 2, "pve3": 2])
    }

    @Test("the stack marker is one whole line of the notes: web1 is not web10")
    func marker() {
        let notes = "## debian\n\n- lxc-build run: 00ff\n- lxc-build stack: web-tier web10"
        #expect(StackMarker.isMarked(notes, stack: "web-tier", container: "web10"))
        #expect(!StackMarker.isMarked(notes, stack: "web-tier", container: "web1"))
        #expect(!StackMarker.isMarked(notes, stack: "web", container: "tier web10"))
    }
}
