import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The app's own keys, declared by its `ct/<app>.sh`, given by the user, reach the install script in a real
/// LXC container unchanged, through ``BuildInput`` like every build.
@Suite("App-specific keys reach the install script, real LXC plus fakepve", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct AppKeyInstallEnvironmentTests {
    @Test("var_runner_token from the environment, var_version_pin from --set, var_channel from the script: all in the install environment, unchanged")
    func appKeysReachInstall() async throws {
        let catalog = try makeCatalog(body: "env > /root/contract.env")
        try #"""
            APP="Demo"
            var_os="${var_os:-debian}"
            export var_runner_token=""
            var_version_pin="${var_version_pin:-${NSAPP}-1.0}"
            var_channel='stable $HOME'
            start
            """#.write(toFile: "\(catalog)/ct/demo.sh", atomically: true, encoding: .utf8)
        let token = "Runner-Tok-\(UUID().uuidString.prefix(8))"
        let logs = try temporaryFolder()
        try await withLXCContainer(bash: true) { container in
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                let app = try AppCatalog(directory: catalog).definition(for: "demo")
                let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder(), "var_runner_token": token])
                let configuration = try loader.resolve(mode: .default, app: try app.profile(), commandLine: [
                    "version_pin=2.5 \"quoted\" $(id)", "var_ctid=\(container.ctid)", "var_unprivileged=0", "var_version=12",
                    "var_net=10.20.0.6/24", "var_gateway=10.20.0.1",
                ])
                let input = BuildInput(configuration: configuration, app: app, catalogDirectory: catalog)
                var options = input.builderOptions(shell: LocalNodeShell(configLayout: .plainLXC))
                options.provisioning?.checkNetwork = false
                options.provisioning?.bootstrap = false
                options.provisioning?.logDirectory = logs
                let result = try await pve.builder(options).create(try input.spec())
                #expect(result.ctid == container.ctid)
                let contract = try container.attach("cat /root/contract.env").split(separator: "\n").map(String.init)
                #expect(contract.contains("var_runner_token=\(token)"))
                #expect(contract.contains(#"var_version_pin=2.5 "quoted" $(id)"#))
                #expect(contract.contains("var_channel=stable $HOME"))
                #expect(contract.contains("ENABLE_GPU=no"), "build.func's contract is still there")
            }
        }
        // The token travels in the environment only: nothing written on the node names it.
        for file in try FileManager.default.contentsOfDirectory(atPath: logs) {
            let text = (try? String(contentsOfFile: "\(logs)/\(file)", encoding: .utf8)) ?? ""
            #expect(!text.contains(token), "\(file)")
        }
    }
}
