import ProxmoxAPI

/// A privilege the plan needs on an ACL path, and why.
struct RequiredPrivilege: Equatable, CustomStringConvertible {
    /// The ACL path (`/vms/105`, `/storage/local-lvm`, `/sdn/zones/localnetwork/vmbr0`).
    var path: String
    /// Any one of these is enough (usually one).
    var anyOf: [String]
    /// What the run does with it.
    var reason: String

    /// `VM.Audit on /vms/105 (reading the container's status, which its cleanup needs)`.
    var description: String { "\(anyOf.joined(separator: " or ")) on \(path) (\(reason))" }
}

extension ContainerBuilder {
    /// Before the first write: reads the caller's own privileges (`GET /access/permissions`) and refuses with 77,
    /// naming every missing one, a plan whose requests (or whose cleanup) would be denied. A token that may create
    /// and start but not read a container would otherwise leave a running container its cleanup cannot see.
    /// root@pam holds every privilege and is not asked. `read` is the answer when it was read ahead.
    func checkPrivileges(_ plan: CreatePlan, read: Result<Permissions, ProxmoxError>? = nil) async throws(BuildError) {
        guard plan.identity != "root@pam" else { return }
        let step = "reading this login's privileges"
        let held: Permissions
        if let read {
            held = try unwrap(read, step: step, exitCode: BuildExitCode.permissionDenied)
        } else {
            held = try await api(step, exitCode: BuildExitCode.permissionDenied) { () throws(ProxmoxError) in try await client.permissions() }
        }
        let missing = Self.requiredPrivileges(plan).filter { required in
            !required.anyOf.contains { held.holds($0, on: required.path) }
        }
        guard !missing.isEmpty else { return }
        throw BuildError(
            exitCode: BuildExitCode.permissionDenied,
            message: "\(plan.identity) lacks \(missing.count == 1 ? "a privilege" : "\(missing.count) privileges") this build needs; "
                + "nothing was created:\n" + missing.map { "  - \($0)" }.joined(separator: "\n"),
            hint: "Grant them (Datacenter → Permissions, or `pveum acl modify PATH --roles ROLE --users/--tokens ...`; "
                + "a token with privilege separation needs its own ACLs), or log in as root@pam.")
    }

    /// Every privilege the plan's requests and its cleanup need, in the order the run needs them.
    static func requiredPrivileges(_ plan: CreatePlan) -> [RequiredPrivilege] {
        let guest = "/vms/\(plan.ctid)"
        var required: [RequiredPrivilege] = []
        if plan.template.needsDownload {
            required.append(RequiredPrivilege(
                path: "/storage/\(plan.templateStorage)", anyOf: ["Datastore.AllocateTemplate"], reason: "downloading the template"))
        }
        required.append(RequiredPrivilege(
            path: "/storage/\(plan.templateStorage)", anyOf: ["Datastore.AllocateSpace", "Datastore.Audit"],
            reason: "using the template \(plan.template.fileName)"))
        required.append(RequiredPrivilege(path: guest, anyOf: ["VM.Allocate"], reason: "creating the container"))
        var configPrivileges: [String] = []
        for name in ((try? plan.createRequest.parameters()) ?? []).map(\.name) {
            if let privilege = configPrivilege(forOption: name), !configPrivileges.contains(privilege) {
                configPrivileges.append(privilege)
            }
        }
        for privilege in configPrivileges {
            required.append(RequiredPrivilege(path: guest, anyOf: [privilege], reason: "setting the container's options"))
        }
        required.append(RequiredPrivilege(
            path: "/storage/\(plan.containerStorage)", anyOf: ["Datastore.AllocateSpace"], reason: "allocating the root disk"))
        if plan.spec.network.sdnVnet == nil {
            required.append(RequiredPrivilege(
                path: "/sdn/zones/localnetwork/\(plan.spec.network.bridge)", anyOf: ["SDN.Use"], reason: "using the bridge"))
        }
        required.append(RequiredPrivilege(path: guest, anyOf: ["VM.PowerMgmt"], reason: "starting it, and stopping it in a cleanup"))
        required.append(RequiredPrivilege(
            path: guest, anyOf: ["VM.Audit"], reason: "reading its status and configuration, which its start and cleanup need"))
        return required
    }

    /// The privilege PVE checks for a container option (pve-container's `check_ct_modify_config_perm`); `nil` for
    /// the create's own parameters. Root-only options (devices, features other than nesting) are refused earlier.
    static func configPrivilege(forOption name: String) -> String? {
        switch name {
        case "vmid", "ostemplate", "password", "ssh-public-keys", "unprivileged", "storage", "pool", "restore", "force", "start":
            return nil
        case "cores", "cpuunits", "cpulimit":
            return "VM.Config.CPU"
        case "memory", "swap":
            return "VM.Config.Memory"
        case "rootfs":
            return "VM.Config.Disk"
        case "hostname", "nameserver", "searchdomain":
            return "VM.Config.Network"
        case _ where name.hasPrefix("mp"):
            return "VM.Config.Disk"
        case _ where name.hasPrefix("net"):
            return "VM.Config.Network"
        default:
            return "VM.Config.Options"
        }
    }
}
