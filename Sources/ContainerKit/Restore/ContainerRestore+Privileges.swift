import ProxmoxAPI

extension ContainerRestore {
    /// Before the first write, as create does: reads this login's privileges and refuses with 77, naming every
    /// missing one, a restore whose requests (or whose cleanup) would be denied. root@pam is not asked.
    func checkPrivileges(_ plan: RestorePlan) async throws(BuildError) {
        let identity = await client.transport.identity
        guard identity != "root@pam" else { return }
        let held: Permissions
        do throws(ProxmoxError) {
            held = try await client.permissions()
        } catch {
            throw BuildError.api(error, during: "reading this login's privileges", exitCode: BuildExitCode.permissionDenied)
        }
        let missing = Self.requiredPrivileges(plan).filter { required in !required.anyOf.contains { held.holds($0, on: required.path) } }
        guard !missing.isEmpty else { return }
        throw BuildError(
            exitCode: BuildExitCode.permissionDenied,
            message: "\(identity) lacks \(missing.count == 1 ? "a privilege" : "\(missing.count) privileges") this restore needs; "
                + "nothing was changed:\n" + missing.map { "  - \($0)" }.joined(separator: "\n"),
            hint: "Grant them (Datacenter → Permissions, or `pveum acl modify PATH --roles ROLE --users/--tokens ...`), or log in as root@pam.")
    }

    /// Every privilege the plan's requests and its cleanup need (PVE's checks of `POST /nodes/{node}/lxc` with
    /// `restore=1`, of the archive's volume and of vzdump), in the order the run needs them.
    static func requiredPrivileges(_ plan: RestorePlan) -> [RequiredPrivilege] {
        let guest = "/vms/\(plan.ctid)"
        var required: [RequiredPrivilege] = []
        if plan.unprivileged == false {
            required.append(RequiredPrivilege(path: "/", anyOf: ["Sys.Modify"], reason: "restoring a privileged container, as create needs for one"))
        }
        if let storage = plan.backupStorage {
            required.append(RequiredPrivilege(path: guest, anyOf: ["VM.Backup"], reason: "backing up the container it replaces"))
            required.append(RequiredPrivilege(path: "/storage/\(storage)", anyOf: ["Datastore.AllocateSpace"], reason: "writing that backup"))
        }
        if let owner = plan.archive.vmid {
            required.append(RequiredPrivilege(
                path: "/vms/\(owner)", anyOf: ["VM.Backup", "Datastore.Allocate"], reason: "reading the archive of container \(owner)"))
        }
        required.append(RequiredPrivilege(
            path: "/storage/\(plan.archive.storage)", anyOf: ["Datastore.AllocateSpace", "Datastore.Allocate"], reason: "reading the archive"))
        required.append(RequiredPrivilege(
            path: guest, anyOf: plan.replaced == nil ? ["VM.Allocate"] : ["VM.Allocate", "VM.Backup"],
            reason: plan.replaced == nil ? "creating the container" : "restoring over the container"))
        required.append(RequiredPrivilege(path: "/storage/\(plan.storage)", anyOf: ["Datastore.AllocateSpace"], reason: "allocating its volumes"))
        required.append(RequiredPrivilege(path: guest, anyOf: ["VM.Config.Options"], reason: "writing the `Restored from` line in its notes"))
        if plan.start || plan.replaced?.wasRunning == true || plan.replaced == nil {
            required.append(RequiredPrivilege(path: guest, anyOf: ["VM.PowerMgmt"], reason: "stopping or starting it, and stopping it in a cleanup"))
        }
        required.append(RequiredPrivilege(path: guest, anyOf: ["VM.Audit"], reason: "reading its status and configuration, which its cleanup needs"))
        return required
    }
}
