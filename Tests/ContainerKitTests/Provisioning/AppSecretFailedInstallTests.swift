import ConfigResolution
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// Issue 25 §3: an app's secret key (`var_forgejo_runner_token`) that a failing install script prints is masked in
/// every log the failure leaves: the combined log, its `.errinfo` and the build log a failed run keeps.
@Suite("An app's secret in a failed install's logs, real LXC plus fakepve", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct AppSecretFailedInstallTests {
    @Test("an install that echoes var_forgejo_runner_token and fails: no log in the folder holds it, each shows ********")
    func failingInstallMasksAppSecret() async throws {
        let catalog = try makeCatalog(body: #"""
            echo "runner token is $var_forgejo_runner_token" | tee /tmp/demo.log
            echo "token=$var_forgejo_runner_token" > "$INSTALL_LOG.errinfo"
            ( exit 100 )
            """#)
        defer { try? FileManager.default.removeItem(atPath: catalog) }
        try #"""
            APP="Demo"
            var_os="${var_os:-debian}"
            export var_forgejo_runner_token=""
            start
            """#.write(toFile: "\(catalog)/ct/demo.sh", atomically: true, encoding: .utf8)
        let token = "Forgejo-Tok-\(UUID().uuidString.prefix(8))"
        let logs = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let events = EventLog()
        var outcome: BuildError?
        try await withLXCContainer(bash: true) { container in
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                let app = try AppCatalog(directory: catalog).definition(for: "demo")
                let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder(), "var_forgejo_runner_token": token])
                let configuration = try loader.resolve(mode: .default, app: try app.profile(), commandLine: [
                    "var_ctid=\(container.ctid)", "var_unprivileged=0", "var_version=12", "var_net=10.20.0.7/24", "var_gateway=10.20.0.1",
                ])
                #expect(configuration.secretValues.contains(token), "the app's key counts as a secret")
                let input = BuildInput(configuration: configuration, app: app, catalogDirectory: catalog)
                var options = input.builderOptions(shell: LocalNodeShell(configLayout: .plainLXC))
                options.provisioning?.checkNetwork = false
                options.provisioning?.bootstrap = false
                options.provisioning?.logDirectory = logs
                options.provisioning?.sessionID = "f0e1d2c3"
                do {
                    _ = try await pve.builder(options, events: events).create(try input.spec())
                    Issue.record("the install should have failed")
                } catch let error as BuildError {
                    outcome = error
                }
            }
        }
        let error = try #require(outcome)
        #expect(error.exitCode == 100, "\(error)")
        #expect(!"\(error) \(error.hint ?? "")".contains(token))
        #expect(!events.all.map { "\($0)" }.joined(separator: "\n").contains(token))
        let files = try FileManager.default.contentsOfDirectory(atPath: logs)
        let combined = try #require(files.first { $0.hasSuffix("-f0e1d2c3.log") }, "\(files)")
        #expect(try String(contentsOfFile: "\(logs)/\(combined)", encoding: .utf8).contains("runner token is ********"))
        #expect(try String(contentsOfFile: "\(logs)/.errinfo-f0e1d2c3", encoding: .utf8).contains("token=********"))
        for file in files {
            let text = (try? String(contentsOfFile: "\(logs)/\(file)", encoding: .utf8)) ?? ""
            #expect(!text.contains(token), "\(file) holds the app's secret")
        }
    }
}
