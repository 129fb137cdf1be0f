import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The variables build.func exports to install scripts (their environment contract), which they may read.
private let contractVariables = [
    "FUNCTIONS_FILE_PATH", "DIAGNOSTICS", "RANDOM_UUID", "EXECUTION_ID", "SESSION_ID", "REPO_SOURCE", "REPO_SLUG", "TELEMETRY_PLATFORM",
    "CACHER", "CACHER_IP", "tz", "APPLICATION", "app", "PASSWORD", "VERBOSE", "SSH_ROOT", "SSH_AUTHORIZED_KEY", "CTID", "CTTYPE",
    "ENABLE_FUSE", "ENABLE_TUN", "ENABLE_GPU", "IPV6_METHOD", "PCT_OSTYPE", "PCT_OSVERSION", "PCT_ARCH", "PCT_DISK_SIZE",
    "BUILD_LOG", "INSTALL_LOG", "DEV_MODE_MOTD", "DEV_MODE_KEEP", "DEV_MODE_TRACE",
]

@Suite("Install scripts in real LXC containers, API on fakepve", .serialized, .enabled(if: LXCContainerFixture.isAvailable))
struct ProvisioningInstallTests {
    @Test("a catalog app installs: every variable of the environment contract arrives, the secret in no argv or log")
    func installSucceeds() async throws {
        let catalog = try makeCatalog(body: #"""
            env > /root/contract.env
            mkdir -p /opt/demo && echo "$APPLICATION $CTID" > /opt/demo/installed
            msg_ok "Installed $APPLICATION"
            """#)
        try await withAppContainer(catalog: catalog) { container, pve, spec, options in
                let events = EventLog()
                let result = try await pve.builder(options, events: events).create(spec)
                #expect(result.ctid == container.ctid)
                #expect(try container.attach("cat /opt/demo/installed") == "Demo \(container.ctid)\n")
                let contract = try container.attach("cat /root/contract.env")
                for name in contractVariables {
                    #expect(contract.contains("\n\(name)=") || contract.hasPrefix("\(name)="), "\(name) missing")
                }
                #expect(contract.contains("PASSWORD=\(spec.password!)"))
                #expect(contract.contains("APPLICATION=Demo") && contract.contains("PCT_OSTYPE=debian") && contract.contains("CTTYPE=0"))
                #expect(events.all.contains(.finished(.install, "Demo installed")))
                #expect(!events.all.map { "\($0)" }.joined().contains(spec.password!))
            }
    }

    @Test("a failing install: flag file's code, combined log pulled and redacted, APT hint; remove leaves nothing")
    func installFailsAndIsRemoved() async throws {
        let catalog = try makeCatalog(body: #"""
            echo "using password $PASSWORD" | tee /tmp/demo.log
            echo "E: Unable to locate package demo-server" | tee -a /tmp/demo.log
            ( exit 100 )
            """#)
        let logs = try temporaryFolder()
        try await withAppContainer(catalog: catalog, logDirectory: logs) { container, pve, spec, options in
                var options = options
                options.provisioning?.sessionID = "abcd1234"
                do {
                    _ = try await pve.builder(options).create(spec)
                    Issue.record("the install should have failed")
                } catch let error as BuildError {
                    #expect(error.exitCode == 100)
                    #expect(error.message.contains("installation failed in container \(container.ctid) (exit code: 100)"))
                    #expect(error.hint?.contains("APT/dpkg failed") == true)
                    let path = "\(logs)/demo-\(container.ctid)-abcd1234.log"
                    #expect(error.hint?.contains("Full log: \(path)") == true)
                    let log = try String(contentsOfFile: path, encoding: .utf8)
                    #expect(log.contains("PHASE 1: CONTAINER CREATION (Host)") && log.contains("PHASE 2: APPLICATION INSTALLATION (Container)"))
                    #expect(log.contains("E: Unable to locate package demo-server"))
                    #expect(!log.contains(spec.password!) && log.contains("using password ********"))
                }
                #expect(try await pve.containerIDs().isEmpty)
                #expect(try container.attach("ls /root/.install-abcd1234.failed 2>/dev/null; true") == "")
            }
    }

    @Test("an install that prints more than 64 MiB is not stopped for it: its own exit code, its first and last lines in the log")
    func longInstallOutput() async throws {
        // 68 MB of output, past the 64 MiB kept of a stream; then the failure the log must still show.
        let catalog = try makeCatalog(body: #"""
            echo "install begins"
            head -c 68000000 /dev/zero | tr '\0' x
            echo
            echo "E: Unable to locate package demo-server"
            ( exit 100 )
            """#)
        let logs = try temporaryFolder()
        try await withAppContainer(catalog: catalog, logDirectory: logs) { container, pve, spec, options in
            var options = options
            options.provisioning?.sessionID = "0f0f0f0f"
            let error = await #expect(throws: BuildError.self) { _ = try await pve.builder(options).create(spec) }
            #expect(error?.exitCode == 100, "\(String(describing: error))")
            #expect(error?.hint?.contains("APT/dpkg failed") == true)
            let log = try String(contentsOfFile: "\(logs)/demo-\(container.ctid)-0f0f0f0f.log", encoding: .utf8)
            #expect(log.contains("install begins") && log.contains("E: Unable to locate package demo-server"))
            let printed = 15 + 68_000_000 + 1 + 40
            let omitted = printed - NodeCommand.defaultOutputLimit
            #expect(log.contains("\(omitted) bytes left out here"))
            #expect(try await pve.containerIDs().isEmpty)
        }
    }

    @Test("--on-failure keep: the failed container stays, the exit code is the install's")
    func installFailsAndIsKept() async throws {
        let catalog = try makeCatalog(body: "( exit 127 )")
        try await withLXCContainer(bash: true) { container in
            try await withFakePVE { pve in
                try pve.storeDebianTemplate()
                var options = ContainerBuilder.Options()
                options.provisioning = localProvisioning(catalog: catalog, logDirectory: try temporaryFolder())
                options.provisioning?.onFailure = .keep
                let events = EventLog()
                await #expect(throws: BuildError.self) { try await pve.builder(options, events: events).create(provisionSpec(container)) }
                #expect(try await pve.containerIDs() == [container.ctid])
                #expect(events.warnings.contains { $0.contains("keeping container \(container.ctid)") })
            }
        }
    }

    @Test("--node-shell none refuses an app install before anything is created")
    func noneRefusesBeforeCreating() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var options = ContainerBuilder.Options()
            var provisioning = ProvisioningOptions(shell: nil)
            provisioning.catalogDirectory = "/nowhere"
            options.provisioning = provisioning
            do {
                _ = try await pve.builder(options).plan(staticSpec("demo"))
                Issue.record("plan should refuse")
            } catch let error as BuildError {
                #expect(error.exitCode == 64 && error.message.contains("--node-shell is none"))
            }
            #expect(try pve.writes().isEmpty)
        }
    }
}
