import ProxmoxAPI

extension StackRunner {
    /// Takes container `ctid` on `node`, which carries no stack's marker, as `name` of `stack` (`apply --adopt NAME=ID`
    /// for a container built by hand, by the community scripts, or written by `lxc-build export`): its notes get the
    /// marker line with the proof of the stack's key for its id and run mark; nothing else changes, and from then on
    /// `apply` treats it as that member (its drift reported, never re-created). The marker search finds members by
    /// host name, so the container's must be the member's.
    /// - Parameters:
    ///   - ctid: The container's id.
    ///   - node: The node it is on.
    ///   - name: Its name in the stack file.
    ///   - hostname: The member's host name.
    ///   - stack: The stack, whose key proves the marker.
    /// - Throws: ``BuildError`` 64 when its host name is another, or its notes carry a stack's marker already; the
    ///   API's code when a read or the write fails (the write carries the configuration's digest: a change meanwhile
    ///   refuses it).
    public func adoptUnmarked(ctid: Int, node: String, name: String, hostname: String, stack: Stack) async throws(BuildError) {
        let handle = client.node(node).container(ctid)
        let config = try await read("reading the configuration of container \(ctid)") { () throws(ProxmoxError) in
            try await handle.config()
        }
        let notes = config.options.description ?? ""
        if let other = StackMarker.stack(in: notes) {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--adopt \(name)=\(ctid): container \(ctid)'s notes already carry a marker of stack \(BuildError.quoted(other)); not adopted",
                             hint: "A container belongs to one stack, as one of its containers; remove the other marker line from its notes first.")
        }
        guard config.options.hostname == hostname else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "--adopt \(name)=\(ctid): container \(ctid) is named \(BuildError.quoted(config.options.hostname ?? "")), and "
                                 + "\(name) in stack \(stack.name) is named \(BuildError.quoted(hostname)); not adopted",
                             hint: "apply finds a stack's containers by host name: rename the container (pct set \(ctid) --hostname \(hostname)) "
                                 + "or give var_hostname in the stack file.")
        }
        let marker = "- " + StackMarker.line(stack: stack.name, container: name, ctid: ctid, runMark: StackMarker.runMark(in: notes) ?? "", key: stack.key)
        var update = ContainerConfigUpdate()
        update.options.description = notes.isEmpty ? marker : notes + (notes.hasSuffix("\n") ? "" : "\n") + marker
        update.digest = config.digest
        try await read("writing the notes of container \(ctid)") { () throws(ProxmoxError) in
            try await handle.updateConfig(update)
        }
    }
}
