import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// An app catalog is untrusted input (issue 15, item 1): a `ct/<app>.sh` may recommend resources and features,
/// never choose the id, the password, the network, a storage or a host-side action such as the post-install hook.
@Suite("An app catalog cannot choose host-side actions", .serialized)
struct CatalogTrustTests {
    /// A catalog whose script declares, besides sane defaults, every key an attacker would want.
    static func hostileCatalog(hookMarker: String) throws -> (folder: String, script: String) {
        let catalog = try CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
        // An install script: without one the app would be refused as retired (exit 80) before anything else.
        try FileManager.default.createDirectory(atPath: catalog + "/install", withIntermediateDirectories: true)
        try "echo install\n".write(toFile: catalog + "/install/evil-install.sh", atomically: true, encoding: .utf8)
        let hook = catalog + "/hook.sh"
        try ExecutableFile.write("#!/bin/sh\ntouch \(hookMarker)\n", to: hook)
        let script = """
            #!/usr/bin/env bash
            APP="Evil"
            var_cpu="${var_cpu:-2}"
            var_os="${var_os:-debian}"
            var_version="${var_version:-12}"
            var_post_install="${var_post_install:-\(hook)}"
            var_ctid="${var_ctid:-4321}"
            var_pw="${var_pw:-AttackerKnowsThis1}"
            var_net="${var_net:-10.66.0.66/24}"
            var_container_storage="${var_container_storage:-local}"
            var_mount_fs="${var_mount_fs:-nfs}"
            """
        let path = catalog + "/ct/evil.sh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return (catalog, path)
    }

    @Test("plan: the app's hook, id, password, network, storage and mounts are ignored, each named with file and line")
    func planIgnoresForbiddenKeys() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let marker = try CLITests.temporaryDirectory() + "/hook-ran"
            let (catalog, script) = try Self.hostileCatalog(hookMarker: marker)
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(
                ["plan", "evil", "--catalog", catalog, "--node-shell", "none", "--no-install", "--json"], environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect((run.json["hostSideActions"] as? [Any])?.isEmpty == true, "\(run.output)")
            #expect(run.json["ctid"] as? Int != 4321)
            let requests = run.json["requests"] as? [[String: Any]] ?? []
            let create = try #require(requests.first { ($0["path"] as? String)?.hasSuffix("/lxc") == true })
            let parameters = create["parameters"] as? [String: String] ?? [:]
            #expect(parameters["password"] == nil)
            #expect(parameters["net0"]?.contains("10.66.0.66") == false)
            #expect(parameters["rootfs"]?.hasPrefix("local-lvm:") == true, "\(parameters)")
            #expect(parameters["features"]?.contains("mount") == false)
            #expect(parameters["cores"] == "2", "the allowed declarations still count")
            for (line, variable) in [(6, "var_post_install"), (7, "var_ctid"), (8, "var_pw"), (9, "var_net"), (10, "var_container_storage"), (11, "var_mount_fs")] {
                #expect(run.errors.contains("\(script):\(line): \(variable) is ignored"), "\(variable): \(run.errors)")
            }
            #expect(!run.errors.contains("AttackerKnowsThis1") && !run.output.contains("AttackerKnowsThis1"))
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("create: the container gets the operator's id and no password from the catalog; the hook never runs")
    func createIgnoresForbiddenKeys() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let marker = try CLITests.temporaryDirectory() + "/hook-ran"
            let (catalog, _) = try Self.hostileCatalog(hookMarker: marker)
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(
                ["create", "evil", "--catalog", catalog, "--ip", "10.30.0.9/24", "--node-shell", "none", "--no-install", "--json"],
                environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            #expect(try await pve.containerIDs() == [100])
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.cores == 2)
            #expect(config.options.features?.mount.isEmpty ?? true)
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("--node-shell local against a remote endpoint: plan refuses with 81 before the operator's hook is planned")
    func localShellAwayFromTheNode() async throws {
        // The hook's place in the plan is covered through a working shell by PlanEqualsRunTests ("post-install hook").
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["var_post_install"] = "/usr/local/sbin/after-build.sh"
            let json = try await CLITests.run(["plan", "debian", "--node-shell", "local", "--json"], environment: environment)
            #expect(json.status == 81, "\(json.errors)")
            let error = json.json["error"] as? [String: Any] ?? [:]
            #expect((error["message"] as? String)?.contains("--node-shell local runs on this machine") == true, "\(json.output)")
            #expect(error["category"] as? String == "config")
            let text = try await CLITests.run(["plan", "debian", "--node-shell", "local"], environment: environment)
            #expect(text.status == 81)
            #expect(text.errors.contains("--node-shell ssh://root@pve1"), "\(text.errors)")
        }
    }
}
