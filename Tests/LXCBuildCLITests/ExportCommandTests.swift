import Foundation
import LXCBuildTestSupport
import Testing

@Suite("lxc-build export on the command line, on fakepve", .serialized)
struct ExportCommandTests {
    @Test("export CTID prints the stack file; --json the settings; --out refuses an existing file; no id and no --all is 64")
    func export() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "web"], ["status": "running", "config": [
                "description": "## jellyfin\n\n- Template: debian-12-standard_12.7-1_amd64.tar.zst\n- lxc-build run: 0123456789abcdef0123456789abcdef",
                "cores": 2, "memory": 2048, "rootfs": "local-lvm:vm-150-disk-0,size=8G", "tags": "community-script;media",
                "net0": "name=eth0,bridge=vmbr0,ip=dhcp,type=veth"]])
            let folder = try CLITests.temporaryDirectory()
            let environment = CLITests.environment(for: pve, defaults: folder)
            let text = try await CLITests.run(["export", "150", "--name", "media"], environment: environment)
            #expect(text.status == 0, "\(text.errors)")
            #expect(text.output.contains("name: \"media\"\ncontainers:\n  \"web\":  # CT 150\n    app: \"jellyfin\"\n    node: \"pve1\"\n"), "\(text.output)")
            #expect(text.output.contains("      var_net: \"dhcp\"\n") && text.output.contains("      var_tags: \"media\"\n"))

            let json = try await CLITests.run(["export", "--all", "--json"], environment: environment)
            #expect(json.status == 0)
            let containers = json.json["containers"] as? [[String: Any]] ?? []
            #expect(containers.count == 1 && (containers.first?["settings"] as? [String: String])?["var_cpu"] == "2")
            #expect((json.json["file"] as? String)?.hasPrefix("# Written by lxc-build export") == true)

            let out = folder + "/media.yaml"
            #expect(try await CLITests.run(["export", "150", "--out", out], environment: environment).status == 0)
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains("var_ram: \"2048\""))
            let again = try await CLITests.run(["export", "150", "--out", out, "--json"], environment: environment)
            #expect(again.status == 64 && ((again.json["error"] as? [String: Any])?["message"] as? String)?.contains("exists") == true)
            #expect(try await CLITests.run(["export"], environment: environment).status == 64)
            #expect(try await CLITests.run(["export", "999"], environment: environment).status == 234)
        }
    }
}
