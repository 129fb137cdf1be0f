public import ContainerKit
public import LXCBuildTestSupport

/// A spec with a static address, so the fake (which has no DHCP) reports an IP.
public func staticSpec(_ app: String = "debian", address: String = "10.20.0.5/24") -> ContainerSpec {
    var spec = ContainerSpec(app: app)
    spec.osVersion = "12"
    spec.network.ipv4 = .fixed(address)
    spec.network.gateway = "10.20.0.1"
    return spec
}

/// A spec for the fake API whose CTID names the real container.
public func provisionSpec(_ container: LXCContainerFixture, app: String = "demo") -> ContainerSpec {
    var spec = staticSpec(app)
    spec.ctid = container.ctid
    spec.unprivileged = false
    return spec
}
