public import ProxmoxAPI

/// A container that carries a stack's marker (``StackMarker``).
public struct StackMarkedContainer: Sendable {
    /// Its name in the stack.
    public var name: String
    /// Its id.
    public var ctid: Int
    /// Its node.
    public var node: String
    /// Its configuration as read.
    public var config: ContainerConfig
}

extension StackRunner {
    /// The containers of `stack` that exist: those whose notes carry the stack's marker for their name. The
    /// containers whose host name is one of the stack's are read (one configuration read each); a container with
    /// the name but not the marker is never the stack's.
    /// - Parameters:
    ///   - stack: The stack's id (``StackFile/name``).
    ///   - containers: Each container's name in the stack and its host name.
    public func marked(stack: String, containers: [(name: String, hostname: String)]) async throws(BuildError) -> [StackMarkedContainer] {
        let guests = try await read("reading the cluster's guests") { () throws(ProxmoxError) in
            try await self.client.clusterResources(type: "vm")
        }
        return try await findMarked(stack: stack, containers: containers, guests: guests)
    }

    /// Stops and removes a container of the stack (as `lxc-build destroy CTID` does), after checking its marker once
    /// more and that it is not protected (77).
    /// - Parameters:
    ///   - container: A container ``marked(stack:containers:)`` found.
    ///   - stack: The stack's id, whose marker it must still carry.
    public func destroy(_ container: StackMarkedContainer, stack: String) async throws(BuildError) {
        let handle = client.node(container.node).container(container.ctid)
        let config = try await read("reading the configuration of container \(container.ctid)") { () throws(ProxmoxError) in
            try await handle.config()
        }
        guard StackMarker.isMarked(config.options.description, stack: stack, container: container.name) else {
            throw BuildError(exitCode: ExitCodes.general,
                             message: "container \(container.ctid) no longer carries the marker of \(container.name) in stack \(stack); left alone")
        }
        if config.options.protection == true {
            throw BuildError(exitCode: ExitCodes.permissionDenied,
                             message: "container \(container.ctid) has protection set; turn it off first (pct set \(container.ctid) --protection 0)")
        }
        try await read("removing container \(container.ctid)") { () throws(ProxmoxError) in
            try await ContainerRemoval.stopAndDestroy(ctid: container.ctid, node: container.node, client: self.client)
        }
    }

    func findMarked(stack: String, containers: [(name: String, hostname: String)], guests: [ClusterResource]) async throws(BuildError)
        -> [StackMarkedContainer]
    {
        let hostnames = Set(containers.map(\.hostname))
        let candidates = guests.filter { $0.type == "lxc" && $0.name.map(hostnames.contains) == true && $0.vmid != nil && $0.node != nil }
        let client = self.client
        let read = await bounded(candidates) { guest -> Result<(ClusterResource, ContainerConfig), ProxmoxError> in
            do throws(ProxmoxError) {
                return .success((guest, try await client.node(guest.node!).container(guest.vmid!).config()))
            } catch {
                return .failure(error)
            }
        }
        var found: [StackMarkedContainer] = []
        for outcome in read {
            let (guest, config): (ClusterResource, ContainerConfig)
            switch outcome {
            case .success(let pair): (guest, config) = pair
            case .failure(let error) where error.code == .notFound: continue  // removed meanwhile
            case .failure(let error): throw BuildError.api(error, during: "reading the notes of the stack's containers")
            }
            for container in containers where container.hostname == guest.name
                && StackMarker.isMarked(config.options.description, stack: stack, container: container.name)
            {
                found.append(StackMarkedContainer(name: container.name, ctid: guest.vmid!, node: guest.node!, config: config))
            }
        }
        return found.sorted { $0.ctid < $1.ctid }
    }
}
