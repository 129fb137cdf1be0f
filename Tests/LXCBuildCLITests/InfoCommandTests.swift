import Foundation
import LXCBuildTestSupport
import ContainerKit
import ProxmoxAPI
import Testing

@Suite("lxc-build nodes, storage, templates, destroy, explain-exit", .serialized)
struct InfoCommandTests {
    func environment(_ pve: FakePVE) throws -> [String: String] {
        CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
    }

    @Test("nodes, storage and templates print one JSON document with the documented fields")
    func listings() async throws {
        try await withFakePVE(extraNodes: ["pve2"]) { pve in
            try pve.storeDebianTemplate()
            let environment = try environment(pve)
            let nodes = try await CLITests.run(["nodes", "--json"], environment: environment)
            #expect(nodes.status == 0)
            let nodeRows = nodes.json["nodes"] as? [[String: Any]] ?? []
            #expect(nodeRows.compactMap { $0["node"] as? String } == ["pve1", "pve2"])
            #expect(nodeRows.allSatisfy { $0["status"] as? String == "online" && $0["freemem"] is Int })

            let storage = try await CLITests.run(["storage", "--node", "pve1", "--json"], environment: environment)
            let storageRows = storage.json["storages"] as? [[String: Any]] ?? []
            #expect(Set(storageRows.compactMap { $0["storage"] as? String }) == ["local", "local-lvm"])
            #expect(storageRows.allSatisfy { ["ok", "warning", "critical", "full", "disabled", "inactive"].contains($0["health"] as? String ?? "") })

            let templates = try await CLITests.run(["templates", "--os", "debian", "--json"], environment: environment)
            let templateRows = templates.json["templates"] as? [[String: Any]] ?? []
            #expect(templateRows.first?["template"] as? String == "debian-12-standard_12.7-1_amd64.tar.zst")
            #expect(templateRows.first?["source"] as? String == "local")

            let text = try await CLITests.run(["storage"], environment: environment)
            #expect(text.output.contains("local-lvm") && !text.output.contains("\u{1B}["))
        }
    }

    @Test("explain-exit knows every code of build.func's table and its category")
    func explain() async throws {
        let run = try await CLITests.run(["explain-exit", "118", "--json"], environment: ProcessInfo.processInfo.environment)
        #expect(run.json["explanation"] as? String == "LXC: No IP assigned to container after timeout")
        // build.func's categorize_error leaves 118 unknown; lxc-build names the categories of the codes it uses.
        #expect(run.json["category"] as? String == "network")
        let storage = try await CLITests.run(["explain-exit", "214"], environment: ProcessInfo.processInfo.environment)
        #expect(storage.output == "214: Proxmox: Not enough storage space [storage]\n")
        let unknown = try await CLITests.run(["explain-exit", "199"], environment: ProcessInfo.processInfo.environment)
        #expect(unknown.output.contains("Unknown error") && unknown.status == 0)
        for notACode in ["9999", "256", "-1"] {
            let run = try await CLITests.run(["explain-exit", "--json", "--", notACode], environment: ProcessInfo.processInfo.environment)
            #expect(run.status == 64, "explain-exit \(notACode): \(run.status)")
            let error = run.json["error"] as? [String: Any]
            #expect(error?["exitCode"] as? Int == 64 && (error?["message"] as? String ?? "").contains("0 to 255"), "\(run.output)")
        }
    }

    @Test("destroy asks unless --yes, refuses without a terminal and for protected containers, and removes the container")
    func destroy() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [120, "victim"], ["status": "running"])
            try pve.call("add_ct", [121, "guarded"], ["config": ["protection": 1]])
            let environment = try environment(pve)
            let noTerminal = try await CLITests.run(["destroy", "120"], environment: environment)
            #expect(noTerminal.status == 64 && noTerminal.errors.contains("--yes"))
            let guarded = try await CLITests.run(["destroy", "121", "--yes"], environment: environment)
            #expect(guarded.status == 77 && guarded.errors.contains("protection"))
            let removed = try await CLITests.run(["destroy", "120", "--yes", "--json"], environment: environment)
            #expect(removed.status == 0, "\(removed.errors)")
            #expect(removed.json["status"] as? String == "destroyed")
            #expect(try await pve.containerIDs() == [121])
        }
    }

    @Test("destroy on a terminal: answering no exits 254 (documented) and keeps the container; yes removes it")
    func destroyDeclined() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [120, "asked"], ["status": "running"])
            let environment = try environment(pve)
            let declined = try await PseudoTerminal().run([CLITests.executable, "destroy", "120"], environment: environment,
                                                          steps: [.init("[y/N]", ["n\r"])])
            #expect(declined.failedStep == nil && declined.status == Int(BuildExitCode.declined), "\(declined.transcript)")
            #expect(declined.squeezed.contains("was not removed") && !declined.squeezed.contains("SIGINT"), "\(declined.transcript)")
            #expect(try await pve.containerIDs() == [120])
            let accepted = try await PseudoTerminal().run([CLITests.executable, "destroy", "120"], environment: environment,
                                                          steps: [.init("[y/N]", ["y\r"])])
            #expect(accepted.status == 0, "\(accepted.transcript)")
            #expect(try await pve.containerIDs().isEmpty)
        }
    }
}
