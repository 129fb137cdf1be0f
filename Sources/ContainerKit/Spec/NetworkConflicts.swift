public import ProxmoxAPI

/// A container of the cluster that has a static address configured (`netN: ...,ip=ADDRESS/PREFIX`): the other side
/// of an address conflict.
public struct AddressHolder: Sendable, Equatable, CustomStringConvertible {
    /// Its id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Its host name, when the cluster's guest list gives one.
    public var hostname: String?
    /// The interface option that holds the address (`net0`).
    public var interface: String
    /// The address as configured, with its prefix (`10.0.0.5/24`).
    public var configured: String

    /// `container 104 (db1) on pve2 (net0 ip=10.0.0.5/24)`.
    public var description: String {
        "container \(ctid)\(hostname.map { " (\($0))" } ?? "") on \(node) (\(interface) ip=\(configured))"
    }
}

/// The checks that stop a create, or a stack, before any write when its network settings collide with the cluster:
/// a static address another container has configured, a bridge the node does not have.
public enum NetworkConflicts {
    /// The static addresses of `spec`, without prefix and lower-cased: IPv4, then IPv6; empty with DHCP.
    public static func staticAddresses(of spec: ContainerSpec) -> [(setting: String, configured: String, address: String)] {
        var found: [(String, String, String)] = []
        if case .fixed(let address) = spec.network.ipv4 { found.append(("var_net", address, bare(address))) }
        if case .fixed(let address, _) = spec.network.ipv6 { found.append(("the static IPv6 address", address, bare(address))) }
        return found
    }

    /// The containers of the cluster that are not templates: those whose configuration is read for their addresses.
    public static func containers(in guests: [ClusterResource]) -> [ClusterResource] {
        guests.filter { $0.type == "lxc" && $0.vmid != nil && $0.node != nil && $0.raw["template"]?.intValue != 1 }
    }

    /// The configuration of each of `guests`, read at most `limit` at a time (one request each); a container removed
    /// meanwhile is left out.
    /// - Throws: ``BuildError`` naming `step` when a read fails otherwise.
    static func configs(of guests: [ClusterResource], client: ProxmoxClient, limit: Int, during step: String) async throws(BuildError)
        -> [(guest: ClusterResource, config: ContainerConfig)]
    {
        let read = await BoundedConcurrency.map(guests, limit: limit) { guest -> Result<(ClusterResource, ContainerConfig), ProxmoxError> in
            do throws(ProxmoxError) {
                return .success((guest, try await client.node(guest.node ?? "").container(guest.vmid ?? 0).config()))
            } catch {
                return .failure(error)
            }
        }
        var found: [(guest: ClusterResource, config: ContainerConfig)] = []
        for outcome in read {
            switch outcome {
            case .success(let pair): found.append(pair)
            case .failure(let error) where error.code == .notFound: continue  // removed meanwhile
            case .failure(let error): throw BuildError.api(error, during: step)
            }
        }
        return found
    }

    /// Every static address configured in `configs` (`ip=` and `ip6=` of each `netN`), each with its holders.
    /// - Parameter configs: Each container's row of the guest list and its configuration.
    public static func holders(_ configs: [(guest: ClusterResource, config: ContainerConfig)]) -> [String: [AddressHolder]] {
        var holders: [String: [AddressHolder]] = [:]
        for (guest, config) in configs {
            guard let ctid = guest.vmid, let node = guest.node else { continue }
            for (index, interface) in config.options.networks.sorted(by: { $0.key < $1.key }) {
                for configured in [interface.ip, interface.ip6].compactMap({ $0 }) where configured.contains(where: { $0 == "." || $0 == ":" }) {
                    let holder = AddressHolder(ctid: ctid, node: node, hostname: guest.name ?? config.options.hostname,
                                               interface: "net\(index)", configured: configured)
                    holders[bare(configured), default: []].append(holder)
                }
            }
        }
        return holders
    }

    /// What of `spec`'s static addresses `holders` (``holders(_:)``) already have configured, one line per address and
    /// holder: `var_net 10.0.0.5/24: address 10.0.0.5 is already configured on container 104 (db1) on pve2 (net0 ...)`.
    public static func addressProblems(_ spec: ContainerSpec, holders: [String: [AddressHolder]]) -> [String] {
        staticAddresses(of: spec).flatMap { wanted in
            (holders[wanted.address] ?? []).map { "\(wanted.setting) \(wanted.configured): address \(wanted.address) is already configured on \($0)" }
        }
    }

    /// The hint of an address conflict.
    static let addressHint = "Choose another address, or change the other container's (pct set ID --net0 ...); "
        + "the cluster's containers are read from their configuration (net0..net31, ip= and ip6=), stopped ones included."

    /// Why `spec`'s bridge (or SDN vnet) cannot be used on `node`, from the node's bridges (`GET /nodes/{node}/network`
    /// with `type=any_bridge`: Linux and OVS bridges and the SDN vnets); `nil` when it can. A VLAN tag needs a
    /// VLAN-aware Linux bridge, an OVS bridge, or a Linux bridge with a port (Proxmox VE then makes `vmbrXvTAG` itself);
    /// a vnet is not checked for tags (its zone decides).
    public static func bridgeProblem(_ spec: ContainerSpec, node: String, interfaces: [HostNetworkInterface]) -> String? {
        let (setting, name) = spec.network.sdnVnet.map { ("var_sdn_vnet", $0) } ?? ("var_brg", spec.network.bridge)
        let bridges = interfaces.filter { $0.isBridge || $0.type == "vnet" }
        guard let bridge = bridges.first(where: { $0.iface == name }) else {
            let known = bridges.map(\.iface).sorted()
            return "\(setting) \(name): node \(node) has no bridge or SDN vnet \(name) (it has: "
                + (known.isEmpty ? "none" : known.joined(separator: ", ")) + ")"
        }
        guard let tag = spec.network.vlan, bridge.type == "bridge", !bridge.vlanAware else { return nil }
        let ports = (bridge.bridgePorts ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).filter { $0 != "none" }
        guard ports.isEmpty else { return nil }
        return "var_vlan \(tag): bridge \(name) on node \(node) is not VLAN-aware and has no port to make a VLAN interface on"
    }

    /// The hint of a bridge problem.
    static let bridgeHint = "Choose a bridge the node lists (web UI: node → System → Network, or `pvesh get /nodes/NODE/network`), "
        + "or make the bridge VLAN-aware for a tag (bridge-vlan-aware yes)."

    /// `address` without its prefix, lower-cased.
    static func bare(_ address: String) -> String {
        String(address.split(separator: "/").first ?? Substring(address)).lowercased()
    }
}
