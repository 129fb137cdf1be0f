public import ContainerKit
public import LXCBuildTestSupport

extension FakePVE {
    /// A builder against this fake as root@pam, with instant sleeps.
    public func builder(_ options: ContainerBuilder.Options = ContainerBuilder.Options(), events: EventLog = EventLog()) throws -> ContainerBuilder {
        ContainerBuilder(client: try passwordClient(), options: options, events: events.handler, sleep: { _ in })
    }
}
