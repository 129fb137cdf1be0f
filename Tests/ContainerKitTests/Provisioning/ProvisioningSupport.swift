import Foundation
import LXCBuildTestSupport
@testable import ContainerKit

/// A catalog folder in community-scripts' layout with one app, `demo`, whose install script follows the
/// usual skeleton: source FUNCTIONS_FILE_PATH, catch_errors, then work; `body` is the work.
func makeCatalog(body: String) throws -> String {
    let directory = NSTemporaryDirectory() + "lxcbuild-catalog-\(UUID().uuidString.prefix(8))"
    for folder in ["ct", "install", "misc"] {
        try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
    }
    try #"APP="Demo"\nvar_os="${var_os:-debian}"\n"#.write(toFile: "\(directory)/ct/demo.sh", atomically: true, encoding: .utf8)
    let functions = #"""
        # test install.func: the parts of community-scripts' install.func the demo script uses
        msg_ok() { echo "OK: $1"; }
        catch_errors() {
          set -Ee -o pipefail
          trap 'code=$?; echo "$code" > "/root/.install-${SESSION_ID}.failed"; cp /tmp/demo.log "$INSTALL_LOG" 2>/dev/null; exit "$code"' ERR
        }
        """#
    try functions.write(toFile: "\(directory)/misc/install.func", atomically: true, encoding: .utf8)
    let script = """
        #!/usr/bin/env bash
        source /dev/stdin <<<"$FUNCTIONS_FILE_PATH"
        catch_errors
        \(body)
        """
    try script.write(toFile: "\(directory)/install/demo-install.sh", atomically: true, encoding: .utf8)
    return directory
}

/// The variables of build.func's environment contract (§8.7) that install scripts may read.
let contractVariables = [
    "FUNCTIONS_FILE_PATH", "DIAGNOSTICS", "RANDOM_UUID", "EXECUTION_ID", "SESSION_ID", "REPO_SOURCE", "REPO_SLUG", "TELEMETRY_PLATFORM",
    "CACHER", "CACHER_IP", "tz", "APPLICATION", "app", "PASSWORD", "VERBOSE", "SSH_ROOT", "SSH_AUTHORIZED_KEY", "CTID", "CTTYPE",
    "ENABLE_FUSE", "ENABLE_TUN", "ENABLE_GPU", "IPV6_METHOD", "PCT_OSTYPE", "PCT_OSVERSION", "PCT_ARCH", "PCT_DISK_SIZE",
    "BUILD_LOG", "INSTALL_LOG", "DEV_MODE_MOTD", "DEV_MODE_KEEP", "DEV_MODE_TRACE",
]

/// Provisioning through the local node shell on a plain-LXC node, quick: no network checks, no bootstrap.
func localProvisioning(catalog: String?, logDirectory: String = NSTemporaryDirectory()) -> ProvisioningOptions {
    var options = ProvisioningOptions(shell: LocalNodeShell(configLayout: .plainLXC))
    options.catalogDirectory = catalog
    options.applicationName = "Demo"
    options.checkNetwork = false
    options.bootstrap = false
    options.logDirectory = logDirectory
    return options
}

/// A spec for the fake API whose CTID names the real container.
func provisionSpec(_ container: LXCContainerFixture, app: String = "demo") -> ContainerSpec {
    var spec = staticSpec(app)
    spec.ctid = container.ctid
    spec.unprivileged = false
    return spec
}

/// A folder for logs, unique per test.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "lxcbuild-logs-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A bash container, fakepve with a template, a spec naming the container (with a root password) and
/// builder options provisioning `catalog` through the local node shell.
func withAppContainer(
    catalog: String, logDirectory: String = NSTemporaryDirectory(),
    _ body: (LXCContainerFixture, FakePVE, ContainerSpec, ContainerBuilder.Options) async throws -> Void
) async throws {
    try await withLXCContainer(bash: true) { container in
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            var spec = provisionSpec(container)
            spec.password = "Pw-\(UUID().uuidString.prefix(12))"
            var options = ContainerBuilder.Options()
            options.provisioning = localProvisioning(catalog: catalog, logDirectory: logDirectory)
            try await body(container, pve, spec, options)
        }
    }
}
