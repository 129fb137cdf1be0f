import ConfigResolution
import Foundation
import ProxmoxAPI

extension ContainerBuilder {
    /// `var_ctid` when given (≥100; taken → the next free one, as a ``Substitution``, or 206 when the id is
    /// ``PinnedValue/ctid``), else `/cluster/nextid`.
    func chooseCTID(_ spec: ContainerSpec, knownFree: Int? = nil) async throws(BuildError) -> (Int, [Substitution]) {
        events(.started(.ctid))
        var substitutions: [Substitution] = []
        var ctid: Int
        if let wanted = spec.ctid, wanted == knownFree, wanted >= 100 {
            // The caller found it free in its own read of the cluster's guests (a stack gives each container its own).
            ctid = wanted
        } else if let wanted = spec.ctid {
            guard wanted >= 100 else {
                throw BuildError(exitCode: BuildExitCode.invalidCTID, message: "var_ctid=\(wanted): container ids start at 100")
            }
            do {
                ctid = try await client.nextID(requested: wanted)
            } catch where error.code == .parameterVerification {
                guard !spec.pinned.contains(.ctid) else {
                    throw BuildError(
                        exitCode: BuildExitCode.ctidInUse,
                        message: "var_ctid=\(wanted) (given on the command line) is already in use in the cluster; "
                            + "nothing was created",
                        hint: "Give a free id, or leave --ctid out to take the next free one (`lxc-build inspect \(wanted)` shows what has it).")
                }
                ctid = try await api("finding a free container id", exitCode: BuildExitCode.noFreeCTID) { () throws(ProxmoxError) in
                    try await client.nextID()
                }
                substitutions.append(Substitution(
                    kind: .ctid, variable: ConfigKey.ctid.variableName, requested: String(wanted), used: String(ctid),
                    message: "var_ctid=\(wanted) is already in use in the cluster; using \(ctid), the next free id"))
            } catch {
                throw BuildError.api(error, during: "checking container id \(wanted)")
            }
        } else {
            ctid = try await api("finding a free container id", exitCode: BuildExitCode.noFreeCTID) { () throws(ProxmoxError) in
                try await client.nextID()
            }
        }
        events(.finished(.ctid, String(ctid)))
        return (ctid, substitutions)
    }

    /// The create request a plan sends (``makeCreateRequest(_:ctid:templateVolid:containerStorage:identity:warnings:)``),
    /// with the password's route decided and the start folded in; a failed install's retry makes its request here too,
    /// so that nothing in it is patched by hand. Returns the request and whether the password is set inside.
    func plannedCreateRequest(
        _ spec: ContainerSpec, ctid: Int, templateVolid: String, containerStorage: String, identity: String, warnings: inout [String]
    ) throws(BuildError) -> (request: ContainerCreateRequest, setsPasswordInside: Bool) {
        var request = try makeCreateRequest(
            spec, ctid: ctid, templateVolid: templateVolid, containerStorage: containerStorage, identity: identity, warnings: &warnings)
        let setsPasswordInside = try passwordRoute(&request)
        // Nothing happens between create and start (devices and the password inside come after the start), so the
        // create task starts the container: one request and one task fewer. Host ids mapped for mount points are
        // written between the two (``idMappingAction(for:)``), so that the first start already has them.
        request.start = Self.idMapping(spec) == nil ? true : nil
        return (request, setsPasswordInside)
    }

    /// The `POST /nodes/{node}/lxc` request for a spec: the options build.func's `create_lxc_container` passes to
    /// `pct create`.
    func makeCreateRequest(
        _ spec: ContainerSpec, ctid: Int, templateVolid: String, containerStorage: String, identity: String, warnings: inout [String]
    ) throws(BuildError) -> ContainerCreateRequest {
        var options = ContainerOptions()
        options.hostname = spec.hostname
        options.cores = spec.cores
        options.memory = spec.memoryMiB
        options.rootfs = RootFS(storage: containerStorage, sizeGiB: spec.diskGiB)
        options.networks[0] = Self.networkInterface(spec.network, warnings: &warnings)
        if spec.firewall != nil { options.networks[0]?.firewall = true }  // the container's rules apply only with it
        options.unprivileged = spec.unprivileged
        let features = Features(
            nesting: spec.features.nesting ? true : nil,
            keyctl: (spec.features.keyctl ?? spec.unprivileged) ? true : nil,
            fuse: spec.features.fuse ? true : nil,
            mknod: spec.features.mknod ? true : nil,
            mount: spec.features.mountTypes)
        if features.propertyString.entries.isEmpty == false { options.features = features }
        if features.needsRoot && identity != "root@pam" {
            throw BuildError(
                exitCode: BuildExitCode.permissionDenied,
                message: "the features \(Self.rootOnlyFeatureNames(features)) can only be set by root@pam, and this run logs in as \(identity)",
                hint: "Log in as root@pam with a password (PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD), run on the node itself, "
                    + "or turn the features off (var_keyctl=0, var_fuse=no, var_mknod=0, var_mount_fs=).")
        }
        var devices = spec.devices
        if spec.tun && !devices.contains(where: { $0.path == "/dev/net/tun" }) {
            devices.insert(DevicePassthrough(path: "/dev/net/tun"), at: 0)
        }
        for (index, device) in devices.enumerated() { options.devices[index] = device }
        if !devices.isEmpty && identity != "root@pam" {
            throw BuildError(
                exitCode: BuildExitCode.permissionDenied,
                message: "device passthrough (\(devices.map(\.path).joined(separator: ", "))) can only be set by root@pam, and this run logs in as \(identity)",
                hint: "Log in as root@pam with a password (PROXMOX_VE_USERNAME/PROXMOX_VE_PASSWORD) or run on the node itself.")
        }
        options.mountPoints = try Self.mountPoints(spec, identity: identity, warnings: &warnings)
        options.onBoot = spec.startOnBoot
        options.startup = spec.startup
        options.tags = spec.effectiveTags
        options.timezone = spec.timezone
        options.protection = spec.protection ? true : nil
        options.nameserver = spec.nameserver
        options.searchDomain = spec.searchDomain
        var request = ContainerCreateRequest(vmid: ctid, osTemplate: templateVolid, options: options)
        request.password = spec.password
        request.pool = spec.pool
        // Public keys go with the create (`ssh-public-keys`, over REST and pvesh alike): no node shell is needed for
        // them; with one, the provisioning step merges the same keys again without duplicates.
        let keys = ([spec.sshAuthorizedKey].compactMap { $0 } + (self.options.provisioning?.sshKeys ?? []))
            .flatMap { $0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        var unique: [String] = []
        for key in keys where !unique.contains(key) { unique.append(key) }
        request.sshPublicKeys = unique.isEmpty ? nil : unique.joined(separator: "\n")
        do {
            _ = try request.parameters()
        } catch {
            throw BuildError(exitCode: .invalidSettings, message: "the container settings cannot be sent: \(error.message)")
        }
        return request
    }

    /// `net0` from the network settings: bridge or SDN vnet, addresses, VLAN, MTU, MAC.
    static func networkInterface(_ network: NetworkSpec, warnings: inout [String]) -> NetworkInterface {
        var interface = NetworkInterface(name: "eth0", bridge: network.sdnVnet ?? network.bridge)
        switch network.ipv4 {
        case .dhcp:
            interface.ip = "dhcp"
            if let gateway = network.gateway {
                warnings.append("var_gateway=\(gateway) is ignored with var_net=dhcp")
            }
        case .fixed(let address):
            interface.ip = address
            interface.gateway = network.gateway
        }
        switch network.ipv6 {
        case .auto: interface.ip6 = "auto"
        case .dhcp: interface.ip6 = "dhcp"
        case .fixed(let address, let gateway):
            interface.ip6 = address
            interface.gateway6 = gateway
        case .none, .disable: break
        }
        interface.tag = network.vlan
        interface.mtu = network.mtu
        interface.hwaddr = network.mac
        return interface
    }

    private static func rootOnlyFeatureNames(_ features: Features) -> String {
        var names: [String] = []
        if features.keyctl == true { names.append("keyctl") }
        if features.fuse == true { names.append("fuse") }
        if features.mknod == true { names.append("mknod") }
        if !features.mount.isEmpty { names.append("mount=\(features.mount.joined(separator: ";"))") }
        return names.joined(separator: ", ")
    }

    /// The container's notes (its description in the GUI), with this run's ownership mark
    /// (``CreatePlan/ownershipMark``), then ``Options/notesLines`` and ``Options/boundNotesLines`` for the plan's id;
    /// dated by the plan's time, so every write of them carries the same text.
    func notes(for decided: PlanDecisions, address: String?) -> String {
        let (spec, mark) = (decided.spec, decided.ownershipMark)
        var lines = [
            "## \(spec.app)", "",
            "- Created by lxc-build on \(TimeStamp.iso8601(decided.madeAt))",
            "- Template: \(decided.template.fileName)",
            "- Resources: \(spec.cores) core\(spec.cores == 1 ? "" : "s"), \(spec.memoryMiB) MiB memory, \(spec.diskGiB) GiB disk",
        ]
        if let address { lines.append("- Address: \(address)") }
        lines.append("- \(mark)")
        lines += options.notesLines.map { "- \($0)" }
        lines += (options.boundNotesLines?(decided.ctid, mark) ?? []).map { "- \($0)" }
        return lines.joined(separator: "\n")
    }
}
