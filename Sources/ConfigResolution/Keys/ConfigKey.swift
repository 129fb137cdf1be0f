/// Every container setting a user can give as a `var_*` variable.
///
/// The raw value is the variable name build.func uses, so existing environments and `.vars` files keep working.
/// Forty of the keys form build.func's whitelist (the only keys read from or written to `.vars` files);
/// ``appEscalation`` and ``mounts`` are lxc-build's own and may be in `.vars` files too (``appEscalation`` is not saved with an app's defaults);
/// ``ctid`` can come only from the environment or the command line.
public enum ConfigKey: String, CaseIterable, Sendable, Hashable, Codable {
    // Identity and resources.
    /// Container ID (`var_ctid`); not allowed in `.vars` files.
    case ctid = "var_ctid"
    /// Host name or FQDN (`var_hostname`).
    case hostname = "var_hostname"
    /// Unprivileged container, 1 or 0 (`var_unprivileged`).
    case unprivileged = "var_unprivileged"
    /// CPU cores (`var_cpu`).
    case cpu = "var_cpu"
    /// Memory in MiB (`var_ram`).
    case ram = "var_ram"
    /// Root disk size in GB (`var_disk`).
    case disk = "var_disk"
    /// OS template family, such as `debian` (`var_os`).
    case os = "var_os"
    /// OS version, such as `13` (`var_version`).
    case version = "var_version"
    /// Root password; a secret (`var_pw`).
    case password = "var_pw"
    /// Proxmox tags separated by `;` (`var_tags`).
    case tags = "var_tags"
    /// Verbose build output, yes or no (`var_verbose`).
    case verbose = "var_verbose"

    // Network.
    /// Network bridge (`var_brg`).
    case bridge = "var_brg"
    /// SDN VNet replacing the bridge (`var_sdn_vnet`).
    case sdnVnet = "var_sdn_vnet"
    /// IPv4 configuration: `dhcp` or an address with prefix (`var_net`); build.func's range is read, then refused
    /// when the container is specified (208).
    case net = "var_net"
    /// IPv4 gateway (`var_gateway`).
    case gateway = "var_gateway"
    /// IPv6 method (`var_ipv6_method`).
    case ipv6Method = "var_ipv6_method"
    /// Interface MTU (`var_mtu`).
    case mtu = "var_mtu"
    /// VLAN tag (`var_vlan`).
    case vlan = "var_vlan"
    /// MAC address (`var_mac`).
    case mac = "var_mac"
    /// DNS server(s) (`var_ns`).
    case nameserver = "var_ns"
    /// DNS search domain(s) (`var_searchdomain`).
    case searchDomain = "var_searchdomain"
    /// Use an APT cacher, yes or no (`var_apt_cacher`).
    case aptCacher = "var_apt_cacher"
    /// APT cacher host or URL (`var_apt_cacher_ip`).
    case aptCacherIP = "var_apt_cacher_ip"
    /// HTTP(S) proxy URL (`var_http_proxy`).
    case httpProxy = "var_http_proxy"
    /// Hosts that bypass the proxy (`var_http_no_proxy`).
    case httpNoProxy = "var_http_no_proxy"
    /// Copy the host's CA certificates into the container (`var_inherit_host_ca`).
    case inheritHostCA = "var_inherit_host_ca"

    // Features and devices.
    /// Nesting feature, 1 or 0 (`var_nesting`).
    case nesting = "var_nesting"
    /// Keyctl feature, 1 or 0 (`var_keyctl`).
    case keyctl = "var_keyctl"
    /// FUSE feature, yes or no (`var_fuse`).
    case fuse = "var_fuse"
    /// Mknod feature, 1 or 0 (`var_mknod`).
    case mknod = "var_mknod"
    /// File systems the container may mount, comma separated (`var_mount_fs`).
    case mountFS = "var_mount_fs"
    /// TUN/TAP device, yes or no (`var_tun`).
    case tun = "var_tun"
    /// GPU passthrough, yes or no (`var_gpu`).
    case gpu = "var_gpu"
    /// Protection flag, yes or no (`var_protection`).
    case protection = "var_protection"
    /// Time zone name or `host` (`var_timezone`).
    case timezone = "var_timezone"
    /// Root SSH login, yes or no (`var_ssh`).
    case ssh = "var_ssh"
    /// One public key for root's `authorized_keys` (`var_ssh_authorized_key`).
    case sshAuthorizedKey = "var_ssh_authorized_key"

    // Storage, hooks, tokens.
    /// Storage for the root file system (`var_container_storage`).
    case containerStorage = "var_container_storage"
    /// Storage for templates (`var_template_storage`).
    case templateStorage = "var_template_storage"
    /// Mount points (`mpN`): storage volumes and bind mounts of host paths, `;`-separated (`var_mounts`);
    /// lxc-build's own, see ``MountPointSetting``.
    case mounts = "var_mounts"
    /// Absolute path of a script run on the host after provisioning (`var_post_install`).
    case postInstall = "var_post_install"
    /// GitHub token against API rate limits; a secret (`var_github_token`).
    case githubToken = "var_github_token"

    // Policy.
    /// What a run does when the app's script asks for more than the built-in container (a privileged container,
    /// devices, features; ``AppEscalation``): `allow` (build.func's behaviour) or `refuse` (`var_app_escalation`).
    case appEscalation = "var_app_escalation"

    /// The key with the given variable name (`var_cpu`), or `nil` when it is not a setting.
    public init?(variableName: String) {
        self.init(rawValue: variableName)
    }

    /// The key a command-line name stands for: `var_cpu` or, without the prefix, `cpu` (`--set`, `--unset`).
    public init?(commandLineName name: String) {
        self.init(rawValue: name.hasPrefix("var_") ? name : "var_" + name)
    }

    /// The variable name, such as `var_cpu`.
    public var variableName: String { rawValue }

    /// Whether the value must never be shown in clear text (`var_pw`, `var_github_token`).
    public var isSecret: Bool {
        self == .password || self == .githubToken
    }

    /// Whether the key may appear in `.vars` files (build.func's whitelist: every key except ``ctid``).
    public var isFileKey: Bool {
        self != .ctid
    }

    /// Whether an app's script may declare the key: what community-scripts' `ct/<app>.sh` files set (os, version,
    /// cpu, ram, disk, tags, unprivileged, nesting, keyctl, fuse, tun, gpu). An app catalog is untrusted input: it
    /// may recommend resources and features, never choose ids, passwords, networks, storages, hooks or mounts, which
    /// come only from the operator's own layers. What it asks for beyond the built-in container (privileged, TUN, GPU,
    /// FUSE, keyctl) is an ``AppEscalation``: shown in the plan and the summary, refused with `var_app_escalation=refuse`.
    public var isAppDeclarable: Bool {
        Self.appDeclarableKeys.contains(self)
    }

    /// The keys an app's script may declare, in declaration order (see ``isAppDeclarable``).
    public static let appDeclarableKeys: [ConfigKey] = [
        .unprivileged, .cpu, .ram, .disk, .os, .version, .tags, .nesting, .keyctl, .fuse, .tun, .gpu,
    ]

    /// The keys allowed in `.vars` files, in declaration order.
    public static var fileKeys: [ConfigKey] {
        allCases.filter(\.isFileKey)
    }

    /// `var_*` variables build.func reads as controls rather than settings (not in its `.vars` whitelist); the
    /// environment may carry them without being reported as unknown keys.
    public static let controlVariables: Set<String> = [
        "var_arm64", "var_install", "var_unattended", "var_full_verbose", "var_ignore_disable",
        "var_ignore_os_mismatch", "var_ssh_import_glob",
    ]
}
