public import ContainerKit
public import Foundation
public import LXCBuildTestSupport

/// Provisioning through the local node shell on a plain-LXC node, quick: no network checks, no bootstrap.
public func localProvisioning(catalog: String?, logDirectory: String = NSTemporaryDirectory()) -> ProvisioningOptions {
    var options = ProvisioningOptions(shell: LocalNodeShell(configLayout: .plainLXC))
    options.catalogDirectory = catalog
    options.applicationName = "Demo"
    options.checkNetwork = false
    options.bootstrap = false
    options.logDirectory = logDirectory
    return options
}

/// A bash container, fakepve with a template, a spec naming the container (with a root password) and
/// builder options provisioning `catalog` through the local node shell.
public func withAppContainer(
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
