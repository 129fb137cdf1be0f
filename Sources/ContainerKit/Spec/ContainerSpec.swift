public import ConfigResolution
public import HostProbe
public import ProxmoxAPI

/// Everything that decides what container gets built: the resolved settings in typed form.
///
/// Build it from a ConfigResolution result with ``ContainerSpec/init(configuration:ipv6Address:ipv6Gateway:)``, or directly
/// when using ContainerKit as a library. Fields left `nil` are decided by the workflow (storage,
/// CTID) or left to Proxmox VE's defaults.
public struct ContainerSpec: Sendable, Equatable {
    /// The app (`debian`, `jellyfin`): names the container's notes and default hostname.
    public var app: String
    /// Host name (RFC 1123, FQDN allowed).
    public var hostname: String
    /// Container id; `nil` takes the cluster's next free id.
    public var ctid: Int?
    /// CPU cores.
    public var cores: Int = 1
    /// Memory in MiB.
    public var memoryMiB: Int = 1024
    /// Root disk in GiB.
    public var diskGiB: Int = 4
    /// OS of the template (`debian`, `ubuntu`, `alpine`).
    public var os: String = "debian"
    /// OS version (`12`, `24.04`, `3.21`).
    public var osVersion: String = "13"
    /// Template architecture.
    public var arch: String = "amd64"
    /// Whether the app runs on arm64 (its `var_arm64`); `false` refuses an `arm64` build
    /// (``checkArchitecture()``), `nil` when the app does not say.
    public var appSupportsARM64: Bool?
    /// Unprivileged container (the default, and the safer choice).
    public var unprivileged = true
    /// Root password; `nil` leaves console auto-login.
    public var password: String?
    /// One OpenSSH public key for root.
    public var sshAuthorizedKey: String?
    /// Tags; `community-script` is added first unless present.
    public var tags: [String] = []
    /// Time zone name or `host`; `nil` leaves PVE's default.
    public var timezone: String?
    /// Protection against removal.
    public var protection = false
    /// Start on boot.
    public var startOnBoot = true
    /// The start and shutdown order (`startup`: `order=N,up=S,down=S`), from a stack file's `startup:`.
    public var startup: String?
    /// The resource pool the container joins at its create (`pool`), from a stack file's `pool:`.
    public var pool: String?
    /// The container's firewall (options and rules), from a stack file's `firewall:`; `nil` leaves PVE's defaults.
    public var firewall: ContainerFirewall?
    /// The container as a high-availability resource, from a stack file's `ha:`; `nil`: not one.
    public var ha: ContainerHA?
    /// DNS servers and search domain; `nil` uses the host's.
    public var nameserver: String?
    /// DNS search domain.
    public var searchDomain: String?
    /// Storage for the root disk (content `rootdir`); `nil` chooses.
    public var containerStorage: String?
    /// Storage for templates (content `vztmpl`); `nil` chooses.
    public var templateStorage: String?
    /// Network of `net0`.
    public var network = NetworkSpec()
    /// Container features.
    public var features = FeatureSpec()
    /// Pass `/dev/net/tun` in (VPN software: WireGuard, Tailscale, OpenVPN).
    public var tun = false
    /// Further host devices to pass in as `devN` (PVE ≥ 8.1, root@pam only).
    public var devices: [DevicePassthrough] = []
    /// Mount points, sent as `mp0`, `mp1`, ... with the create (`var_mounts`); bind mounts need root@pam, and the host
    /// ids they map (unprivileged containers) become `lxc.idmap` lines before the first start (``IDMapping``).
    public var mounts: [MountPointSetting] = []
    /// Pass a GPU in (`var_gpu`), chosen from the node's probe.
    public var gpu = false
    /// Which GPU when the node has several: a vendor (`intel`, `amd`, `nvidia`) or a PCI address.
    public var gpuChoice: GPUChoice?
    /// Pass the node's USB serial adapters in.
    public var usbSerial = false
    /// Pass the node's Coral TPUs in.
    public var coral = false
    /// Where each setting came from, by variable name (`var_gpu` → `flag`), as `config show` spells the source;
    /// empty for a spec built directly. The plan names these for host-side actions.
    public var sources: [String: String] = [:]
    /// Values given on this command line, which the build must use as they are: when it cannot, planning
    /// stops before anything is written (206 for a taken ``ctid``, 225 for an ``osVersion`` without a
    /// template) instead of substituting with a warning, as it does for values from anywhere else.
    public var pinned: Set<PinnedValue> = []
    /// What the app's script asks for beyond the built-in container (a privileged container, devices, features), each
    /// with its script line; the plan and the summary list them. Empty for a spec built directly.
    public var appEscalations: [AppEscalation] = []
    /// `var_app_escalation=refuse`: planning stops before any request when ``appEscalations`` is not empty
    /// (``checkAppEscalations()``).
    public var refusesAppEscalations = false

    /// A spec with build.func's defaults for `app`.
    public init(app: String, hostname: String? = nil) {
        self.app = app
        self.hostname = hostname ?? app.lowercased().filter { !$0.isWhitespace }
    }

    /// Tags as sent: `community-script` first, then the others, without duplicates.
    public var effectiveTags: [String] {
        var result = tags.contains("community-script") ? [] : ["community-script"]
        for tag in tags where !result.contains(tag) { result.append(tag) }
        return result
    }
}

/// A spec value the build may not replace by a substitute (see ``ContainerSpec/pinned``).
public enum PinnedValue: String, Sendable, Hashable, CaseIterable {
    /// ``ContainerSpec/ctid``: no next free id instead.
    case ctid
    /// ``ContainerSpec/osVersion``: no nearest template version instead.
    case osVersion
    /// The features only root@pam may set (keyctl, fuse, mknod, mount types): not dropped for an API token.
    case rootOnlyFeatures
}

/// The container's first network interface.
public struct NetworkSpec: Sendable, Equatable {
    /// How IPv4 is configured.
    public enum IPv4: Sendable, Equatable {
        case dhcp
        /// Address with prefix (`192.168.1.50/24`).
        case fixed(String)
    }

    /// How IPv6 is configured.
    public enum IPv6: Sendable, Equatable {
        case none, auto, dhcp
        /// Address with prefix and an optional gateway.
        case fixed(address: String, gateway: String?)
        /// Off, also inside the container.
        case disable
    }

    /// Host bridge.
    public var bridge = "vmbr0"
    /// SDN vnet; replaces the bridge when set.
    public var sdnVnet: String?
    /// IPv4 configuration.
    public var ipv4: IPv4 = .dhcp
    /// IPv4 gateway (only with a fixed address).
    public var gateway: String?
    /// IPv6 configuration.
    public var ipv6: IPv6 = .none
    /// MTU (576-65535); `nil` keeps the bridge's.
    public var mtu: Int?
    /// VLAN tag (1-4094).
    public var vlan: Int?
    /// MAC address; `nil` lets PVE choose one.
    public var mac: String?

    /// Defaults: `vmbr0`, DHCP, no IPv6.
    public init() {}

    /// The fixed IPv4 address without its prefix, `nil` with DHCP.
    public var staticAddress: String? {
        guard case .fixed(let address) = ipv4 else { return nil }
        return String(address.split(separator: "/").first ?? Substring(address))
    }
}

/// Container features (`features` option).
public struct FeatureSpec: Sendable, Equatable {
    /// Nested containers (and systemd ≥ 255 in the guest).
    public var nesting = true
    /// `nil` follows build.func: on for unprivileged containers.
    public var keyctl: Bool?
    /// FUSE file systems.
    public var fuse = false
    /// mknod() of allowed device nodes.
    public var mknod = false
    /// File system types the container may mount.
    public var mountTypes: [String] = []

    /// build.func's defaults: nesting on.
    public init() {}
}
