import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// An app's secret key (`var_forgejo_runner_token`) that a failing install script prints is masked in
/// every log the failure leaves: the combined log, its `.errinfo` and the build log a failed run keeps.
@Suite("An app's secret in a failed install's logs, real LXC plus fakepve", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct AppSecretFailedInstallTests {
    @Test("an install that echoes var_forgejo_runner_token and fails: the combined log, .errinfo and the kept build log mask it")
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
        var runLog: RunLog?
        let apiPassword = "ApiPw-\(UUID().uuidString.prefix(8))"
        try await withLXCContainer(bash: true) { container in
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                let app = try AppCatalog(directory: catalog).definition(for: "demo")
                let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder(), "var_forgejo_runner_token": token])
                let configuration = try loader.resolve(mode: .default, app: try app.profile(), commandLine: [
                    "var_ctid=\(container.ctid)", "var_unprivileged=0", "var_version=12", "var_net=10.20.0.7/24", "var_gateway=10.20.0.1",
                ])
                #expect(configuration.secretValues.contains(token), "the app's key counts as a secret")
                // The build log as the CLI keeps it: in the same folder, masking the settings' and the connection's secrets.
                let log = try RunLog(redactor: Redactor(configuration: configuration, connection: ConnectionSettings(environment: [
                    "PROXMOX_VE_ENDPOINT": "https://127.0.0.1:8006", "PROXMOX_VE_USERNAME": "root@pam", "PROXMOX_VE_PASSWORD": apiPassword,
                ])), environment: ["LXC_BUILD_LOG_DIR": logs])
                runLog = log
                let input = BuildInput(configuration: configuration, app: app, catalogDirectory: catalog)
                var options = input.builderOptions(shell: LocalNodeShell(configLayout: .plainLXC))
                options.provisioning?.checkNetwork = false
                options.provisioning?.bootstrap = false
                options.provisioning?.logDirectory = logs
                options.provisioning?.sessionID = "f0e1d2c3"
                do {
                    let builder = ContainerBuilder(client: try pve.passwordClient(), options: options, events: { event in
                        events.handler(event)
                        log.record(event)
                    }, sleep: { _ in })
                    _ = try await builder.create(try input.spec())
                    Issue.record("the install should have failed")
                } catch let error as BuildError {
                    outcome = error
                }
            }
        }
        let error = try #require(outcome)
        let log = try #require(runLog)
        log.write(.info, "install environment: var_forgejo_runner_token=\(token), connection password \(apiPassword)")
        log.write(.error, "exit \(error.exitCode): \(error.description) \(error.hint ?? "")")
        log.keep()
        let kept = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(kept.contains("var_forgejo_runner_token=********, connection password ********"), "\(kept)")
        #expect(kept.contains("[ERROR] exit 100"))
        #expect(error.exitCode == 100, "\(error)")
        #expect(!"\(error) \(error.hint ?? "")".contains(token))
        #expect(!events.all.map { "\($0)" }.joined(separator: "\n").contains(token))
        let files = try FileManager.default.contentsOfDirectory(atPath: logs)
        let combined = try #require(files.first { $0.hasSuffix("-f0e1d2c3.log") }, "\(files)")
        #expect(files.contains((log.path as NSString).lastPathComponent), "the kept build log is among the files scanned")
        #expect(try String(contentsOfFile: "\(logs)/\(combined)", encoding: .utf8).contains("runner token is ********"))
        #expect(try String(contentsOfFile: "\(logs)/.errinfo-f0e1d2c3", encoding: .utf8).contains("token=********"))
        for file in files {
            let text = (try? String(contentsOfFile: "\(logs)/\(file)", encoding: .utf8)) ?? ""
            #expect(!text.contains(token) && !text.contains(apiPassword), "\(file) holds a secret")
        }
    }
}
