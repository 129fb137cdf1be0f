import Foundation
import LXCBuildTestSupport
import Testing

/// `lxc-build probe --node NODE [--node-shell ...]`: the node read through its node shell, refused with 81 when the
/// shell is unusable or is not that node.
@Suite("lxc-build probe --node")
struct RemoteProbeCommandTests {
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        environment["NO_COLOR"] = "1"
        return environment
    }

    @Test("an unreachable node shell: exit 81 with the fix, as one JSON error document")
    func unreachable() async throws {
        let run = try await CLITests.run(["probe", "--node", "pve1", "--node-shell", "ssh://root@127.0.0.1:1", "--json"], environment: environment)
        #expect(run.status == 81, "\(run.errors)")
        let error = run.json["error"] as? [String: Any] ?? [:]
        #expect(error["exitCode"] as? Int == 81)
        #expect((error["message"] as? String)?.contains("is unusable") == true, "\(run.output)")
        #expect(run.json["gpus"] == nil, "no report from a shell that did not answer")
    }

    @Test("--node-shell local on a machine that is not the node: exit 81 naming the node and the fix")
    func localIsNotTheNode() async throws {
        let run = try await CLITests.run(["probe", "--node", "pve-elsewhere", "--node-shell", "local"], environment: environment)
        #expect(run.status == 81, "\(run.errors)")
        #expect(run.errors.contains("--node-shell local runs on this machine"), "\(run.errors)")
        #expect(run.errors.contains("--node-shell ssh://root@pve-elsewhere"))
    }

    @Test("--root does not go with --node, and --node-shell none is refused: 64 naming the flag")
    func flagMistakes() async throws {
        let root = try CLITests.temporaryDirectory()
        let both = try await CLITests.run(["probe", "--root", root, "--node", "pve1"], environment: environment)
        #expect(both.status == 64)
        #expect(both.errors.contains("--root"), "\(both.errors)")
        let none = try await CLITests.run(["probe", "--node", "pve1", "--node-shell", "none"], environment: environment)
        #expect(none.status == 64)
        #expect(none.errors.contains("--node-shell none"), "\(none.errors)")
    }
}
