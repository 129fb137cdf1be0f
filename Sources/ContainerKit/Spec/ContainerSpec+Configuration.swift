public import ConfigResolution

extension ContainerSpec {
    /// The spec a resolved configuration describes.
    ///
    /// Values build.func derives (keyctl from `var_unprivileged`, the host name from the app) arrive already
    /// resolved (`DerivationRule` (ConfigResolution)), so the spec carries exactly what `config show` prints. A `var_ctid` or
    /// `var_version` given on the command line is ``ContainerSpec/pinned``: the build uses it or stops.
    ///
    /// Differences from build.func, on purpose: `var_keyctl` is honoured when a layer sets it (build.func drops it and
    /// derives keyctl from unprivileged); an `Etc/*` time zone becomes `host`, which pct accepts. IPv6 `static` needs
    /// an address, which build.func only takes in its wizard: pass it as `ipv6Address` (and `ipv6Gateway`).
    /// - Throws: ``BuildError`` (208) for an IP range, which needs a ping scan from the node.
    public init(configuration: ResolvedConfiguration, ipv6Address: String? = nil, ipv6Gateway: String? = nil) throws(BuildError) {
        let app = configuration.app?.identifier ?? configuration.text(.os) ?? "debian"
        self.init(app: app, hostname: configuration.text(.hostname))
        ctid = configuration.integer(.ctid)
        cores = configuration.integer(.cpu) ?? cores
        memoryMiB = configuration.integer(.ram) ?? memoryMiB
        diskGiB = configuration.integer(.disk) ?? diskGiB
        os = configuration.text(.os) ?? os
        osVersion = configuration.text(.version) ?? osVersion
        unprivileged = configuration.isEnabled(.unprivileged) ?? unprivileged
        password = configuration.text(.password).flatMap { $0.isEmpty ? nil : $0 }
        sshAuthorizedKey = configuration.text(.sshAuthorizedKey)
        tags = configuration.list(.tags) ?? []
        if let zone = configuration.text(.timezone) {
            timezone = zone.hasPrefix("Etc/") ? "host" : zone
        }
        protection = configuration.isEnabled(.protection) ?? false
        nameserver = configuration.list(.nameserver).map { $0.joined(separator: " ") }
        searchDomain = configuration.text(.searchDomain)
        containerStorage = configuration.text(.containerStorage)
        templateStorage = configuration.text(.templateStorage)

        network.bridge = configuration.text(.bridge) ?? network.bridge
        network.sdnVnet = configuration.text(.sdnVnet)
        switch configuration.network {
        case .fixed(let interface)?: network.ipv4 = .fixed(interface.description)
        case .range(let from, let to)?:
            throw BuildError(
                exitCode: .invalidSettings,
                message: "var_net=\(from)-\(to): an address range needs a ping scan from the node, which lxc-build does not do over the API",
                hint: "Give one address with its prefix (var_net=192.168.1.50/24), or dhcp.")
        case .dhcp?, nil: network.ipv4 = .dhcp
        }
        network.gateway = configuration.text(.gateway)
        switch configuration.text(.ipv6Method) ?? "none" {
        case "auto": network.ipv6 = .auto
        case "dhcp": network.ipv6 = .dhcp
        case "static": network.ipv6 = ipv6Address.map { .fixed(address: $0, gateway: ipv6Gateway) } ?? .none
        case "disable": network.ipv6 = .disable
        default: network.ipv6 = .none
        }
        network.mtu = configuration.integer(.mtu)
        network.vlan = configuration.integer(.vlan)
        network.mac = configuration.text(.mac)

        features.nesting = configuration.isEnabled(.nesting) ?? true
        features.keyctl = configuration.isEnabled(.keyctl)
        features.fuse = configuration.isEnabled(.fuse) ?? false
        features.mknod = configuration.isEnabled(.mknod) ?? false
        features.mountTypes = configuration.list(.mountFS) ?? []
        tun = configuration.isEnabled(.tun) ?? false
        gpu = configuration.isEnabled(.gpu) ?? false
        mounts = configuration.mounts
        for setting in configuration.settings where setting.value != nil || setting.isCleared {
            sources[setting.key.variableName] = setting.source.description
        }
        appEscalations = configuration.appEscalations
        refusesAppEscalations = configuration.refusesAppEscalations
        if configuration[.ctid].source.layer == .commandLine { pinned.insert(.ctid) }
        if configuration[.version].source.layer == .commandLine { pinned.insert(.osVersion) }
        if [.keyctl, .fuse, .mknod, .mountFS].contains(where: { configuration[$0].source.layer == .commandLine }) {
            pinned.insert(.rootOnlyFeatures)
        }
    }
}
