import ConfigResolution
import ProxmoxAPI

/// The cores and memory an update raises where the app's script declares more (`var_cpu`, `var_ram`) than the
/// container has, as the catalog's `update-apps.sh` does with its "build resources"; restored after the update.
public struct UpdateResources: Sendable, Equatable, Codable {
    /// The container's cores before the update (`nil`: not set, every core of the node).
    public var cores: Int?
    /// The cores during the update, `nil` when they are not raised.
    public var raisedCores: Int?
    /// The container's memory in MiB before the update (`nil`: not set, PVE's 512).
    public var memory: Int?
    /// The memory in MiB during the update, `nil` when it is not raised.
    public var raisedMemory: Int?

    /// Resources as they are before and during the update.
    public init(cores: Int?, raisedCores: Int?, memory: Int?, raisedMemory: Int?) {
        self.cores = cores
        self.raisedCores = raisedCores
        self.memory = memory
        self.raisedMemory = raisedMemory
    }

    /// `cores 1 → 2, memory 512 → 2048 MiB`.
    public var described: String {
        var parts: [String] = []
        if let raisedCores { parts.append("cores \(cores.map(String.init) ?? "unset") → \(raisedCores)") }
        if let raisedMemory { parts.append("memory \(memory ?? PVEDefaults.memory) → \(raisedMemory) MiB") }
        return parts.joined(separator: ", ")
    }

    /// The configuration change that raises them.
    var raise: ContainerConfigUpdate {
        var update = ContainerConfigUpdate()
        update.options.cores = raisedCores
        update.options.memory = raisedMemory
        return update
    }

    /// The configuration change that puts back what was there (a value that was not set is removed again).
    var restore: ContainerConfigUpdate {
        var update = ContainerConfigUpdate()
        if raisedCores != nil {
            if let cores { update.options.cores = cores } else { update.delete.append("cores") }
        }
        if raisedMemory != nil {
            if let memory { update.options.memory = memory } else { update.delete.append("memory") }
        }
        return update
    }
}

/// What PVE takes for a container option that is not set.
enum PVEDefaults {
    /// `memory`, in MiB.
    static let memory = 512
}

extension ContainerUpdate {
    /// Decides ``UpdatePlan/resources`` from the script's `var_cpu`/`var_ram` and the container's `cores`/`memory`
    /// (with ``Options/raiseResources``): only what is lower is raised; a container without `cores` has every core.
    func planResources(_ plan: inout UpdatePlan.Draft, declared: [ConfigKey: String], config: ContainerConfig) {
        guard options.raiseResources else { return }
        let wantedCores = declared[.cpu].flatMap { Int($0) }
        let wantedMemory = declared[.ram].flatMap { Int($0) }
        let cores = config.options.cores
        let memory = config.options.memory
        var resources = UpdateResources(cores: cores, raisedCores: nil, memory: memory, raisedMemory: nil)
        if let wantedCores, let cores, wantedCores > cores { resources.raisedCores = wantedCores }
        if let wantedMemory, wantedMemory > (memory ?? PVEDefaults.memory) { resources.raisedMemory = wantedMemory }
        guard resources.raisedCores != nil || resources.raisedMemory != nil else { return }
        plan.actions.append(.raiseResources(app: plan.app, resources: resources))
    }

    /// Sets the raised resources (``run(_:)``, before anything else changes).
    func raiseResources(_ resources: UpdateResources, of plan: UpdatePlan) async throws(BuildError) {
        progress("raising \(resources.described) of container \(plan.ctid)")
        do throws(ProxmoxError) {
            try await client.node(plan.node).container(plan.ctid).updateConfig(resources.raise)
        } catch {
            throw BuildError.api(error, during: "raising \(resources.described) of container \(plan.ctid) for its update; nothing was changed")
        }
    }

    /// Puts the resources back, also when the run was stopped meanwhile; returns what went wrong, `nil` when done.
    func restoreResources(_ resources: UpdateResources, of plan: UpdatePlan) async -> String? {
        progress("restoring the resources of container \(plan.ctid)")
        let container = client.node(plan.node).container(plan.ctid)
        let restore = resources.restore
        let error = await Task.detached { () -> ProxmoxError? in
            do throws(ProxmoxError) { try await container.updateConfig(restore) } catch { return error }
            return nil
        }.value
        return error.map {
            "the resources raised for the update (\(resources.described)) could not be restored (\($0.message)); "
                + "set them back with `pct set \(plan.ctid)\(restore.options.cores.map { " --cores \($0)" } ?? "")"
                + "\(restore.options.memory.map { " --memory \($0)" } ?? "")\(restore.delete.isEmpty ? "" : " --delete \(restore.delete.joined(separator: ","))")`"
        }
    }
}
