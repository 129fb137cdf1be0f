public import Foundation
public import ProxmoxAPI
import ConfigResolution

/// One existing container written as a stack file's container: its app, node and the `var_*` settings that make
/// `apply` ask for what the container has (the same options ``StackRunner``'s drift compares).
public struct ExportedContainer: Sendable, Equatable {
    /// The container's id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Its name in the stack file (its host name, or `ct<id>` when the host name cannot be one, or is taken).
    public var name: String
    /// The app: the one its notes or tags name, else its OS.
    public var app: String
    /// The settings, in the order written (`var_cpu`, `var_ram`…), values as text.
    public var settings: [(key: String, value: String)]
    /// What the container has that no setting can say (a static IPv6 address, device passthrough, mount points, a
    /// fixed MAC address), written into the file as comments.
    public var notExported: [String]
    /// The stack whose marker its notes carry, proved or not (``BuiltContainerNotes/stack``); `nil` without one.
    public var stack: String?
    /// `startup:` as PVE's property string (`order=2,up=30`), from its configuration.
    public var startup: String?
    /// `pool:`: the resource pool `/cluster/resources` lists it in.
    public var pool: String?
    /// `depends_on:`, as its notes recorded it at create (``BuiltContainerNotes/dependsOn``): a hint, kept only for the
    /// names of containers exported with it.
    public var dependsOn: [String] = []
    /// `firewall:`: its firewall options and rules as the cluster has them; `nil` when it has none.
    public var firewall: ContainerFirewall?
    /// `ha:`: its HA resource (and the first HA rule that lists it) as the cluster has them; `nil` when it is none.
    public var ha: ContainerHA?

    public static func == (lhs: ExportedContainer, rhs: ExportedContainer) -> Bool {
        lhs.ctid == rhs.ctid && lhs.node == rhs.node && lhs.name == rhs.name && lhs.app == rhs.app
            && lhs.settings.map(\.key) == rhs.settings.map(\.key) && lhs.settings.map(\.value) == rhs.settings.map(\.value)
            && lhs.notExported == rhs.notExported && lhs.stack == rhs.stack && lhs.startup == rhs.startup && lhs.pool == rhs.pool
            && lhs.dependsOn == rhs.dependsOn && lhs.firewall == rhs.firewall && lhs.ha == rhs.ha
    }
}

/// `lxc-build export`: existing containers as a stack file that `apply` reproduces.
public enum StackExport {
    /// Reads containers `ids` (each found through `/cluster/resources`), or, when `ids` is empty, every container
    /// lxc-build or the community scripts built (``ContainerList``'s rule), and makes each an ``ExportedContainer``.
    /// - Throws: ``BuildError`` 234 for an id that is no container; the API's code when a read fails.
    /// Also reads what the cluster keeps outside the configurations (pool, firewall, HA).
    public static func read(ids: [Int], client: ProxmoxClient) async throws(BuildError) -> [ExportedContainer] {
        var found: [(ctid: Int, node: String, config: ContainerConfig)] = []
        if ids.isEmpty {
            for listed in try await ContainerList.read(client: client).containers.sorted(by: { $0.ctid < $1.ctid }) {
                let (_, config, _) = try await ContainerLookup.read(listed.ctid, given: listed.node, client: client)
                found.append((listed.ctid, listed.node, config))
            }
        } else {
            for ctid in ids {
                let (node, config, _) = try await ContainerLookup.read(ctid, given: nil, client: client)
                found.append((ctid, node, config))
            }
        }
        var taken: Set<String> = []
        var exported = found.map { entry in
            var exported = container(ctid: entry.ctid, node: entry.node, config: entry.config)
            if taken.contains(exported.name) {
                exported.settings.insert(("var_hostname", exported.name), at: 0)
                exported.name = "ct\(entry.ctid)"
            }
            taken.insert(exported.name)
            return exported
        }
        await addClusterKeys(&exported, client: client)
        for index in exported.indices {
            let dropped = exported[index].dependsOn.filter { !taken.contains($0) }
            exported[index].dependsOn.removeAll { dropped.contains($0) }
            if !dropped.isEmpty {
                exported[index].notExported.append("depends_on \(dropped.joined(separator: ", ")) (not among the exported containers)")
            }
        }
        return exported
    }

    /// The stack the exported containers' markers all name, for the file's `name:` (so `apply` finds them as the
    /// stack's own); `nil` when one has none or they name several.
    public static func stackName(of containers: [ExportedContainer]) -> String? {
        let names = Set(containers.map(\.stack))
        guard names.count == 1, let name = names.first ?? nil else { return nil }
        return name
    }

    /// The stack file's container for one container's configuration.
    public static func container(ctid: Int, node: String, config: ContainerConfig) -> ExportedContainer {
        let options = config.options
        let notes = BuiltContainerNotes(config: config)
        var settings: [(key: String, value: String)] = []
        var notExported: [String] = []
        func add(_ key: ConfigKey, _ value: String?) { if let value, !value.isEmpty { settings.append((key.rawValue, value)) } }

        let template = notes?.template.flatMap(TemplateName.init)
        let os = template?.os ?? options.osType
        add(.os, os)
        add(.version, template?.osVersion)
        if template == nil { notExported.append("the OS version (the notes name no template)") }
        // A stack's container is named as its marker names it (a container's name need not be its host name).
        let marked = notes?.stack.flatMap { StackMarker.containers(in: options.description, stack: $0).first }
        var name = marked.flatMap { StackFile.isValidName($0) ? $0 : nil } ?? options.hostname ?? "ct\(ctid)"
        if marked != nil, name != options.hostname { add(.hostname, options.hostname) }
        if !StackFile.isValidName(name) {
            add(.hostname, options.hostname)
            name = "ct\(ctid)"
        }
        add(.cpu, options.cores.map(String.init))
        add(.ram, options.memory.map(String.init))
        if let rootfs = options.rootfs {
            add(.disk, rootfs.size.flatMap(gibibytes))
            add(.containerStorage, rootfs.volume.split(separator: ":").first.map(String.init))
        }
        add(.unprivileged, (options.unprivileged ?? false) ? "1" : "0")
        let features = options.features
        add(.nesting, features?.nesting == true ? "1" : "0")
        add(.keyctl, features?.keyctl == true ? "1" : "0")
        add(.fuse, features?.fuse == true ? "yes" : "no")
        if features?.mknod == true { add(.mknod, "1") }
        if let mount = features?.mount, !mount.isEmpty { add(.mountFS, mount.joined(separator: ",")) }
        network(options.networks[0], add: add, notExported: &notExported)
        for index in options.networks.keys.sorted() where index != 0 { notExported.append("net\(index) (only net0 is a setting)") }
        add(.nameserver, options.nameserver)
        add(.searchDomain, options.searchDomain)
        add(.timezone, options.timezone)
        if options.protection == true { add(.protection, "yes") }
        let tags = options.tags.filter { $0 != "community-script" }
        add(.tags, tags.isEmpty ? nil : tags.joined(separator: ";"))
        for index in options.devices.keys.sorted() {
            guard let device = options.devices[index] else { continue }
            if device.path == "/dev/net/tun" { add(.tun, "yes") } else { notExported.append("dev\(index) (\(device.path)): pass it with var_gpu or by hand") }
        }
        add(.mounts, mounts(options.mountPoints, notExported: &notExported))
        let app = notes?.app.flatMap { $0.isEmpty ? nil : $0 } ?? os ?? "debian"
        var exported = ExportedContainer(ctid: ctid, node: node, name: name, app: app, settings: settings, notExported: notExported)
        exported.stack = notes?.stack
        exported.startup = options.startup.flatMap { $0.isEmpty ? nil : $0 }
        exported.dependsOn = notes?.dependsOn ?? []
        return exported
    }

    private static func network(_ interface: NetworkInterface?, add: (ConfigKey, String?) -> Void, notExported: inout [String]) {
        guard let interface else { return }
        add(.bridge, interface.bridge)
        add(.net, interface.ip)
        add(.gateway, interface.gateway)
        switch interface.ip6 {
        case "auto", "dhcp": add(.ipv6Method, interface.ip6)
        case .some(let address): notExported.append("net0 ip6=\(address)" + (interface.gateway6.map { ",gw6=\($0)" } ?? ""))
        case nil: break
        }
        add(.vlan, interface.tag.map(String.init))
        add(.mtu, interface.mtu.map(String.init))
        if let mac = interface.hwaddr { notExported.append("net0 hwaddr=\(mac) (a copy next to this container would clash; give var_mac to keep it)") }
    }

    /// `8G` → `8`, `512M` → `1` (rounded up), `1T` → `1024`; `nil` when unreadable.
    static func gibibytes(_ size: String) -> String? {
        guard let unit = size.last, let number = Double(size.dropLast()) ?? Double(size) else { return nil }
        let factor: Double = switch unit.uppercased() {
        case "T": 1024
        case "G": 1
        case "M": 1.0 / 1024
        case "K": 1.0 / (1024 * 1024)
        default: 1.0 / (1024 * 1024 * 1024)
        }
        return String(Int((number * factor).rounded(.up)))
    }

    /// The stack file: a comment naming what it came from, `name`, and each container with its app, node,
    /// settings and, as comments, what could not be exported. Values are double-quoted (control characters
    /// escaped): a host name or tag from the server is data, never YAML.
    public static func yaml(name: String, containers: [ExportedContainer], now: Date = Date()) -> String {
        var lines = [
            "# Written by lxc-build export at \(TimeStamp.iso8601(now)) from container\(containers.count == 1 ? "" : "s") "
                + containers.map { String($0.ctid) }.joined(separator: ", ") + ".",
            "# lxc-build apply --plan FILE shows what apply would do; "
                + (stackName(of: containers) == name ? "the containers carry this stack's marker: apply finds them as its own."
                    : "the containers themselves carry no marker of this stack."),
            "name: \(quoted(name))",
            "containers:",
        ]
        for container in containers {
            lines.append("  \(quoted(container.name)):  # CT \(container.ctid)")
            lines.append("    app: \(quoted(container.app))")
            lines.append("    node: \(quoted(container.node))")
            lines.append("    settings:")
            for (key, value) in container.settings { lines.append("      \(key): \(quoted(value))") }
            lines += clusterKeyLines(container)
            for problem in container.notExported { lines.append("    # not exported: \(comment(problem))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? String(decoding: encoder.encode(text), as: UTF8.self)) ?? "\"\""
    }

    /// Text for a comment: one line, control characters escaped.
    static func comment(_ text: String) -> String {
        String(quoted(text).dropFirst().dropLast())
    }
}

extension StackExport {
    /// `mpN` as `var_mounts`, in index order: a bind mount as its host path, a volume as a new one of its storage and size
    /// (`local-lvm:8`: the stack makes an empty volume, not a copy), with `ro` and `backup`. Ids mapped by `lxc.idmap`
    /// lines are not in the API's config; a mount `var_mounts` cannot write is listed in `notExported`.
    static func mounts(_ points: [Int: MountPoint], notExported: inout [String]) -> String? {
        var entries: [String] = []
        for index in points.keys.sorted() {
            guard let point = points[index] else { continue }
            let volume: MountPointSetting.Volume
            if point.isBindMount {
                volume = .hostPath(point.volume)
            } else if let size = point.common.size.flatMap(gibibytes).flatMap({ Int($0) }) {
                volume = .storage(point.volume.split(separator: ":").first.map(String.init) ?? point.volume, sizeGiB: size)
            } else {
                notExported.append("mp\(index) (\(point.volume), mp=\(point.path)): its size is not in the config")
                continue
            }
            let entry = MountPointSetting(volume: volume, path: point.path, readOnly: point.common.readOnly, backup: point.backup).description
            if (try? MountPointSetting.parse(entry)) != nil {
                entries.append(entry)
            } else {
                notExported.append("mp\(index) (\(point.volume), mp=\(point.path)): not a mount var_mounts can write")
            }
        }
        if points.values.contains(where: \.isBindMount) { notExported.append("uid=/gid= of var_mounts (lxc.idmap lines are not in the API's config; add them by hand)") }
        return entries.isEmpty ? nil : entries.joined(separator: ";")
    }
}
