import ProxmoxAPI

extension StackRunner {
    /// The configuration of every container of the cluster, when a member of `stack` has a static address (the address
    /// check needs them all; the marker search then reads none again); empty otherwise.
    func configsForAddresses(_ stack: Stack, guests: [ClusterResource]) async throws(BuildError)
        -> [(guest: ClusterResource, config: ContainerConfig)]
    {
        guard stack.members.contains(where: { !NetworkConflicts.staticAddresses(of: $0.spec).isEmpty }) else { return [] }
        return try await NetworkConflicts.configs(of: NetworkConflicts.containers(in: guests), client: client, limit: concurrency,
                                                  during: "reading the addresses of the cluster's containers")
    }

    /// What in `stack` collides, before anything is planned: a host name or a static address given to two of its
    /// containers, and a static address of a container to create, or a new one of an existing container (which
    /// `--converge` would give it), that another container of the cluster has configured. A container to create whose
    /// host name a container of the cluster (not the stack's) already has is a warning, said as an event and returned by
    /// member name (the plan's entry carries it).
    /// - Parameters:
    ///   - creating: The names of the members to create (the others exist).
    ///   - holders: The cluster's static addresses (``NetworkConflicts/holders(_:)``).
    ///   - marked: The containers that carry a marker of the stack, not counted as others for host names.
    ///   - existing: The id of each existing member's container, by name: an address it has configured already is its own.
    func conflicts(in stack: Stack, creating: Set<String>, guests: [ClusterResource], holders: [String: [AddressHolder]],
                   marked: Set<Int>, existing: [String: Int] = [:]) -> (problems: [String], warnings: [String: [String]])
    {
        var problems: [String] = []
        var warnings: [String: [String]] = [:]
        var hostnames: [String: String] = [:]
        var addresses: [String: String] = [:]
        for member in stack.members {
            let hostname = member.spec.hostname
            if let first = hostnames[hostname] {
                problems.append("\(member.name): host name \(hostname) is also \(first)'s in the stack file")
            } else {
                hostnames[hostname] = member.name
            }
            for wanted in NetworkConflicts.staticAddresses(of: member.spec) {
                if let first = addresses[wanted.address] {
                    problems.append("\(member.name): \(wanted.setting) \(wanted.configured): address \(wanted.address) is also \(first)'s in the stack file")
                } else {
                    addresses[wanted.address] = member.name
                }
            }
            guard creating.contains(member.name) else {
                if let ctid = existing[member.name] {
                    let others = holders.filter { !$0.value.contains { $0.ctid == ctid } }
                    problems += NetworkConflicts.addressProblems(member.spec, holders: others).map { "\(member.name): \($0)" }
                }
                continue
            }
            problems += NetworkConflicts.addressProblems(member.spec, holders: holders).map { "\(member.name): \($0)" }
            for guest in NetworkConflicts.containers(in: guests) where guest.name == hostname && !marked.contains(guest.vmid ?? 0) {
                let warning = "host name \(hostname) is already container \(guest.vmid ?? 0)'s on \(guest.node ?? "?"), "
                    + "which is not this stack's: two containers will answer to it"
                warnings[member.name, default: []].append(warning)
                events(member.name, .warning(warning))
            }
        }
        return (problems, warnings)
    }

    /// What of the planned creates' bridges the nodes do not have (``NetworkConflicts/bridgeProblem(_:node:interfaces:)``),
    /// each node's bridges read once (`GET /nodes/{node}/network?type=any_bridge`, shared while planning); a node whose
    /// bridges cannot be read is a warning for each container on it.
    func bridgeConflicts(_ entries: [StackPlan.Entry]) async throws(BuildError) -> [String] {
        let creates = entries.compactMap { entry -> (name: String, plan: CreatePlan)? in
            if case .create(let plan) = entry.outcome { (entry.name, plan) } else { nil }
        }
        let nodes = Array(Set(creates.map(\.plan.node))).sorted()
        let client = self.client
        let lists = await bounded(nodes) { node in
            await self.result { () throws(ProxmoxError) in try await client.node(node).network(type: "any_bridge") }
        }
        var problems: [String] = []
        for (name, plan) in creates {
            switch lists[nodes.firstIndex(of: plan.node)!] {
            case .success(let interfaces):
                if let problem = NetworkConflicts.bridgeProblem(plan.spec, node: plan.node, interfaces: interfaces) {
                    problems.append("\(name): \(problem)")
                }
            case .failure(let error) where error.code == .cancelled:
                throw BuildError.api(error, during: "reading the bridges of \(plan.node)")
            case .failure(let error):
                events(name, .warning("the bridge was not checked: reading the bridges of \(plan.node) failed: \(error.message)"))
            }
        }
        return problems
    }

    /// The error that stops the run when `problems` is not empty: each conflict on its line, both sides named.
    static func conflictError(_ problems: [String], stack: Stack) -> BuildError? {
        guard !problems.isEmpty else { return nil }
        let hints = [
            problems.contains { $0.contains("address") } ? NetworkConflicts.addressHint : nil,
            problems.contains { $0.contains("bridge") || $0.contains("var_vlan") } ? NetworkConflicts.bridgeHint : nil,
        ].compactMap { $0 }
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "stack \(stack.name) (\(stack.file)): \(problems.count) conflict\(problems.count == 1 ? "" : "s"); nothing was changed:\n  "
                + problems.joined(separator: "\n  "),
            hint: hints.isEmpty ? "Give each container of the stack its own host name and address." : hints.joined(separator: " "))
    }
}
