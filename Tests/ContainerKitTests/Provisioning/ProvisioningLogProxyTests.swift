import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing
@testable import ContainerKit

/// The provisioning log (build.func's `BUILD_LOG`, kept on the host) masks the login of `var_http_proxy` as it
/// masks the root password: a command's output that names the proxy URL never shows its user information.
@Suite("Provisioning log and the proxy's login")
struct ProvisioningLogProxyTests {
    @Test("the proxy's user:password and password alone are masked in what the provisioning log records")
    func proxyLoginMasked() {
        var options = localProvisioning(catalog: nil)
        options.httpProxy = "http://proxy-user:Proxy-Secret-43@proxy.example:3128"
        var spec = ContainerSpec(app: "debian")
        spec.password = "Root-Secret-43"
        let step = Provisioner(
            shell: LocalNodeShell(configLayout: .plainLXC), client: ProxmoxClient(transport: scriptedPVE()), node: "pve", ctid: 100,
            spec: spec, options: options, address: nil, events: EventLog().handler)
        step.log.record("configuring the HTTP proxy", CommandResult(
            exitCode: 1, stdout: Data("E: Failed to fetch through http://proxy-user:Proxy-Secret-43@proxy.example:3128/\n".utf8),
            stderr: Data("curl: (56) password Proxy-Secret-43 refused; root Root-Secret-43\n".utf8)))
        let text = step.log.text
        #expect(!text.contains("Proxy-Secret-43") && !text.contains("proxy-user") && !text.contains("Root-Secret-43"), "\(text)")
        #expect(text.contains("http://********@proxy.example:3128/"), "\(text)")
    }

    @Test("without var_http_no_proxy the install script gets build.func's fallback, localhost,127.0.0.1,.local; a given one as given")
    func noProxyFallback() {
        var options = localProvisioning(catalog: nil)
        options.httpProxy = "http://proxy.example:3128"
        let provisioner = { (options: ProvisioningOptions) in
            Provisioner(shell: LocalNodeShell(configLayout: .plainLXC), client: ProxmoxClient(transport: scriptedPVE()), node: "pve",
                        ctid: 100, spec: ContainerSpec(app: "debian"), options: options, address: nil, events: EventLog().handler)
        }
        let fallback = provisioner(options).installEnvironment(functions: "")
        #expect(fallback["no_proxy"] == "localhost,127.0.0.1,.local" && fallback["NO_PROXY"] == "localhost,127.0.0.1,.local")
        options.noProxy = "10.0.0.0/8"
        #expect(provisioner(options).installEnvironment(functions: "")["NO_PROXY"] == "10.0.0.0/8")
    }
}
