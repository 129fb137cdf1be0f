public import ProxmoxAPI

/// A container that carries a stack's marker (``StackMarker``), proved or not.
public struct StackMarkedContainer: Sendable {
    /// Its name in the stack.
    public var name: String
    /// Its id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Its configuration as read.
    public var config: ContainerConfig
    /// How its claim stands: only a ``StackMarker/Proof/verified`` one is the stack's.
    public var proof: StackMarker.Proof
}

extension StackRunner {
    /// The containers that carry the marker of one of `stack`'s containers, each with how its claim stands
    /// (``StackMarkedContainer/proof``): only those whose proof `key` verifies are the stack's. The containers whose
    /// host name is one of the stack's are read (one configuration read each); a container with the name but not the
    /// marker is never listed.
    /// - Parameters:
    ///   - stack: The stack's id (``StackFile/name``).
    ///   - key: The stack's key; `nil` when this machine has none (then no claim is verified).
    ///   - containers: Each container's name in the stack and its host name.
    public func marked(stack: String, key: StackKey?, containers: [(name: String, hostname: String)]) async throws(BuildError)
        -> [StackMarkedContainer]
    {
        let guests = try await read("reading the cluster's guests") { () throws(ProxmoxError) in
            try await self.client.clusterResources(type: "vm")
        }
        return try await findMarked(stack: stack, key: key, containers: containers, guests: guests)
    }

    /// Stops and removes a container of the stack (as `lxc-build destroy CTID` does), after checking once more that
    /// its marker is proved by `key` and that it is not protected (77). A container whose claim is not proved is
    /// never removed.
    /// - Parameters:
    ///   - container: A container ``marked(stack:key:containers:)`` found.
    ///   - stack: The stack's id, whose proved marker it must still carry.
    ///   - key: The stack's key.
    public func destroy(_ container: StackMarkedContainer, stack: String, key: StackKey?) async throws(BuildError) {
        let handle = client.node(container.node).container(container.ctid)
        let config = try await read("reading the configuration of container \(container.ctid)") { () throws(ProxmoxError) in
            try await handle.config()
        }
        let proof = StackMarker.proof(of: config.options.description, stack: stack, container: container.name, ctid: container.ctid, key: key)
        guard proof == .verified else {
            throw BuildError(exitCode: BuildExitCode.general,
                             message: "container \(container.ctid) does not carry a proved marker of \(container.name) in stack \(stack) "
                                 + "(\(proof?.explanation ?? "no marker")); left alone")
        }
        try ContainerRemoval.refuseProtected(config, ctid: container.ctid)
        try await read("removing container \(container.ctid)") { () throws(ProxmoxError) in
            try await ContainerRemoval.stopAndDestroy(ctid: container.ctid, node: container.node, client: self.client)
        }
    }

    /// Makes `container`, whose marker of its name in `stack` has no proof (an older lxc-build's) or a proof that does
    /// not hold, the stack's: its marker lines of that name become one line with the proof of `stack`'s key for its id
    /// and run mark. Its notes are read again first; nothing else in them changes.
    public func adopt(_ container: StackMarkedContainer, stack: Stack) async throws(BuildError) {
        let handle = client.node(container.node).container(container.ctid)
        let config = try await read("reading the configuration of container \(container.ctid)") { () throws(ProxmoxError) in
            try await handle.config()
        }
        let notes = config.options.description ?? ""
        guard StackMarker.isMarked(notes, stack: stack.name, container: container.name) else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "container \(container.ctid) no longer carries a marker of \(container.name) in stack \(stack.name); not adopted")
        }
        let proved = StackMarker.line(stack: stack.name, container: container.name, ctid: container.ctid,
                                      runMark: StackMarker.runMark(in: notes) ?? "", key: stack.key)
        var replaced = false
        let lines = notes.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard StackMarker.isMarked(String(line), stack: stack.name, container: container.name) else { return String(line) }
            defer { replaced = true }
            return replaced ? nil : "- " + proved
        }
        var update = ContainerConfigUpdate()
        update.options.description = lines.joined(separator: "\n")
        try await read("writing the notes of container \(container.ctid)") { () throws(ProxmoxError) in
            try await handle.updateConfig(update)
        }
    }

    /// The containers among `guests` that carry a marker of one of `containers`: those whose host name is one of theirs
    /// are read (one configuration read each), unless `known` already holds their configuration (a read of every
    /// container for the address check).
    func findMarked(stack: String, key: StackKey?, containers: [(name: String, hostname: String)], guests: [ClusterResource],
                    known: [Int: ContainerConfig] = [:])
        async throws(BuildError) -> [StackMarkedContainer]
    {
        let hostnames = Set(containers.map(\.hostname))
        let candidates = guests.filter { $0.type == "lxc" && $0.name.map(hostnames.contains) == true && $0.vmid != nil && $0.node != nil }
        let unread = candidates.filter { known[$0.vmid!] == nil }
        var read = try await NetworkConflicts.configs(of: unread, client: client, limit: concurrency,
                                                       during: "reading the notes of the stack's containers")
        read += candidates.compactMap { guest in known[guest.vmid!].map { (guest, $0) } }
        var found: [StackMarkedContainer] = []
        for (guest, config) in read {
            for container in containers where container.hostname == guest.name {
                guard let proof = StackMarker.proof(of: config.options.description, stack: stack, container: container.name,
                                                    ctid: guest.vmid!, key: key)
                else { continue }
                found.append(StackMarkedContainer(name: container.name, ctid: guest.vmid!, node: guest.node!, config: config, proof: proof))
            }
        }
        return found.sorted { $0.ctid < $1.ctid }
    }

    /// The error that stops a run when a container of `stack` is claimed by a container whose proof does not hold,
    /// or by more than one: each such container named, with how its claim stands; `nil` when every claim is single and
    /// proved.
    static func conflicts(_ found: [StackMarkedContainer], stack: Stack) -> BuildError? {
        var problems: [String] = []
        for member in stack.members {
            let claimants = found.filter { $0.name == member.name }
            guard !(claimants.count == 1 && claimants[0].proof == .verified), !claimants.isEmpty else { continue }
            let named = claimants.map { "container \($0.ctid) on \($0.node) (\($0.proof.explanation))" }
            problems.append("\(member.name) is claimed by " + named.joined(separator: " and "))
        }
        guard !problems.isEmpty else { return nil }
        return BuildError(
            exitCode: BuildExitCode.usage,
            message: "stack \(stack.name): " + problems.joined(separator: "; ") + "; nothing was changed",
            hint: "A container is the stack's only when its marker's proof matches its id under the stack's key "
                + "(\(stack.keyPath)). Remove the marker line from the notes of a container that is not the stack's "
                + "(web UI, or pct set ID --description ...). One an older lxc-build made (no proof) is adopted with "
                + "`lxc-build apply \(stack.file) --adopt NAME=ID`. A stack applied from another machine needs that machine's "
                + "key: copy its file to \(stack.keyPath) (mode 0600).")
    }
}
