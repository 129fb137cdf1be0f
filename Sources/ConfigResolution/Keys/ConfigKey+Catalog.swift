/// How a key's value is checked and typed.
enum ValueRule: Sendable {
    case integer(ClosedRange<Int>)
    case yesNo
    case zeroOne
    case choice([String])
    case hostname
    case password
    case tags
    case token
    case bridge
    case vnet
    case network
    case ipv4Address
    case mac
    case nameservers
    case searchDomains
    case aptCacherAddress
    case httpProxy
    case noProxyList
    case timezone
    case mountList
    case mountPoints
    case sshKey
    case storageID
    case postInstall
    case secretToken
}

extension ConfigKey {
    /// What the setting means, in one line.
    public var summary: String {
        definition.summary
    }

    /// The accepted values, in words; the text every rejection quotes.
    public var acceptedValues: String {
        definition.accepted
    }

    /// The built-in default as build.func spells it, or `nil` when the default is "unset"
    /// (the meaning of unset is in ``summary``).
    public var builtInDefault: String? {
        definition.builtIn
    }

    var rule: ValueRule {
        definition.rule
    }

    private struct Definition {
        let summary: String
        let rule: ValueRule
        let accepted: String
        let builtIn: String?

        /// A switch; every switch accepts the same spellings.
        static func onOff(_ summary: String, _ rule: ValueRule, default builtIn: String) -> Definition {
            Definition(summary: summary, rule: rule, accepted: ConfigKey.booleanWords, builtIn: builtIn)
        }
    }

    // One row per key; the texts follow build.func's variable tables.
    private var definition: Definition {
        switch self {
        case .ctid:
            Definition(summary: "Container ID; unset means the next free ID in the cluster",
                       rule: .integer(100...999_999_999), accepted: "an integer from 100 to 999999999",
                       builtIn: nil)
        case .hostname:
            Definition(summary: "Host name or FQDN; unset means the app's name",
                       rule: .hostname,
                       accepted: "an RFC 1123 host name or FQDN: at most 253 characters, dot-separated labels of "
                           + "1-63 letters, digits or inner hyphens (lowercased, spaces removed)",
                       builtIn: nil)
        case .unprivileged:
            .onOff("Unprivileged container (1) or privileged (0)", .zeroOne, default: "1")
        case .cpu:
            Definition(summary: "CPU cores", rule: .integer(1...128), accepted: "an integer from 1 to 128",
                       builtIn: "1")
        case .ram:
            Definition(summary: "Memory in MiB", rule: .integer(256...Self.integerCeiling),
                       accepted: "an integer of at least 256", builtIn: "1024")
        case .disk:
            Definition(summary: "Root disk size in GB", rule: .integer(1...Self.integerCeiling),
                       accepted: "an integer of at least 1", builtIn: "4")
        case .os:
            Definition(summary: "OS template family", rule: .token,
                       accepted: "a name of letters, digits, '.', '_' or '-' such as debian", builtIn: "debian")
        case .version:
            Definition(summary: "OS version", rule: .token,
                       accepted: "a version of letters, digits, '.', '_' or '-' such as 13", builtIn: "13")
        case .password:
            Definition(summary: "Root password; unset means automatic console login", rule: .password,
                       accepted: "a password of at least 5 characters, no spaces, not starting with '-' (used "
                           + "exactly as given; a leading '--password ' is removed, as build.func writes it)",
                       builtIn: nil)
        case .tags:
            Definition(summary: "Proxmox tags separated by ';'", rule: .tags,
                       accepted: "letters, digits, '_', '-' and ';'", builtIn: "community-script")
        case .verbose:
            .onOff("Verbose build output", .yesNo, default: "no")
        case .bridge:
            Definition(summary: "Network bridge", rule: .bridge,
                       accepted: "an interface name of 1-15 letters, digits, '.', '_' or '-'", builtIn: "vmbr0")
        case .sdnVnet:
            Definition(summary: "SDN VNet that replaces the bridge; unset means none", rule: .vnet,
                       accepted: "a VNet ID: a letter then up to 7 letters or digits", builtIn: nil)
        case .net:
            Definition(summary: "IPv4 configuration", rule: .network,
                       accepted: "dhcp, or an IPv4 address with prefix (10.0.0.5/24, prefix 1-32); not build.func's "
                           + "range (10.0.0.5/24-10.0.0.20/24): lxc-build does not ping-scan for a free address (208)",
                       builtIn: "dhcp")
        case .gateway:
            Definition(summary: "IPv4 gateway; unset means none", rule: .ipv4Address,
                       accepted: "an IPv4 address without prefix, inside var_net's subnet", builtIn: nil)
        case .ipv6Method:
            Definition(summary: "IPv6 method", rule: .choice(["auto", "dhcp", "static", "none", "disable"]),
                       accepted: "auto, dhcp, static, none or disable", builtIn: "none")
        case .mtu:
            Definition(summary: "Interface MTU; unset means 1500", rule: .integer(576...65_535),
                       accepted: "an integer from 576 to 65535", builtIn: nil)
        case .vlan:
            Definition(summary: "VLAN tag; unset means none", rule: .integer(1...4094),
                       accepted: "an integer from 1 to 4094", builtIn: nil)
        case .mac:
            Definition(summary: "MAC address; unset means generated by Proxmox", rule: .mac,
                       accepted: "six pairs of hex digits separated by ':'", builtIn: nil)
        case .nameserver:
            Definition(summary: "DNS server(s); unset means the host's", rule: .nameservers,
                       accepted: "IPv4 or IPv6 addresses separated by spaces or commas", builtIn: nil)
        case .searchDomain:
            Definition(summary: "DNS search domain(s); unset means the host's", rule: .searchDomains,
                       accepted: "domain names separated by spaces or commas", builtIn: nil)
        case .aptCacher:
            .onOff("Use an APT cacher", .yesNo, default: "no")
        case .aptCacherIP:
            Definition(summary: "APT cacher host or URL (port 3142 for a bare host)", rule: .aptCacherAddress,
                       accepted: "a host name or IP, optionally with http(s)://, :port and /path", builtIn: nil)
        case .httpProxy:
            Definition(summary: "HTTP(S) proxy URL; unset means none", rule: .httpProxy,
                       accepted: "an http:// or https:// URL without spaces", builtIn: nil)
        case .httpNoProxy:
            Definition(summary: "Hosts that bypass the proxy; unset means \(ConfigKey.defaultNoProxy)",
                       rule: .noProxyList,
                       accepted: "a comma-separated list of letters, digits and . * _ : / -", builtIn: nil)
        case .inheritHostCA:
            Definition(summary: "Copy the host's CA certificates into the container",
                       rule: .choice(["yes", "no", "auto"]), accepted: "yes, no or auto (or a yes/no spelling)",
                       builtIn: "no")
        case .nesting:
            .onOff("Nesting feature", .zeroOne, default: "1")
        case .keyctl:
            .onOff("Keyctl feature", .zeroOne, default: "0")
        case .fuse:
            .onOff("FUSE feature", .yesNo, default: "no")
        case .mknod:
            .onOff("Mknod feature", .zeroOne, default: "0")
        case .mountFS:
            Definition(summary: "File systems the container may mount; unset means none", rule: .mountList,
                       accepted: "a comma-separated list of letters and digits such as nfs,cifs", builtIn: nil)
        case .tun:
            .onOff("TUN/TAP device", .yesNo, default: "no")
        case .gpu:
            .onOff("GPU passthrough", .yesNo, default: "no")
        case .protection:
            .onOff("Protection flag", .yesNo, default: "no")
        case .timezone:
            Definition(summary: "Time zone; unset means the host's zone", rule: .timezone,
                       accepted: "host, or a zone name under /usr/share/zoneinfo such as Europe/Berlin "
                           + "(Etc/* becomes host)",
                       builtIn: nil)
        case .ssh:
            .onOff("Root SSH login", .yesNo, default: "no")
        case .sshAuthorizedKey:
            Definition(summary: "Public key for root's authorized_keys; unset means none", rule: .sshKey,
                       accepted: "one OpenSSH public key line: type, base64 key, optional comment", builtIn: nil)
        case .containerStorage:
            Definition(summary: "Storage for the root file system; unset means chosen at creation",
                       rule: .storageID, accepted: Self.storageWords, builtIn: nil)
        case .templateStorage:
            Definition(summary: "Storage for templates; unset means chosen at creation", rule: .storageID,
                       accepted: Self.storageWords, builtIn: nil)
        case .mounts:
            Definition(summary: "Mount points (mp0, mp1, ...): new volumes and bind mounts of host paths; unset means none",
                       rule: .mountPoints,
                       accepted: "entries separated by ';', each STORAGE:SIZE_GB or an absolute host path, then mp=/path inside, "
                           + "optionally ro=0|1, backup=0|1 and (bind mounts of unprivileged containers) uid=N and gid=N "
                           + "from 1 to 65535; at most 256, each mount path once, paths without '..', ',', '=' or spaces",
                       builtIn: nil)
        case .postInstall:
            Definition(summary: "Script run as root on the host after provisioning; unset means none",
                       rule: .postInstall,
                       accepted: "an absolute path without ';', '$(', '`', '&&' or '||'", builtIn: nil)
        case .githubToken:
            Definition(summary: "GitHub token used against API rate limits; unset means none",
                       rule: .secretToken, accepted: "a token without spaces", builtIn: nil)
        case .appEscalation:
            Definition(summary: "What the app's script may ask for beyond the built-in container (privileged, TUN, GPU, "
                           + "FUSE, keyctl): allow, or refuse before anything is written",
                       rule: .choice(["allow", "refuse"]), accepted: "allow or refuse", builtIn: "allow")
        }
    }

    private static let booleanWords = "yes/no, 1/0, true/false or on/off"
    private static let storageWords = "a storage ID: a letter, then letters, digits, '-', '_' or '.'"

    /// Upper bound for sizes without a documented maximum; keeps arithmetic far from overflow.
    static let integerCeiling = 1 << 40
}
