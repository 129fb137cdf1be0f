/// A container `apply --adopt NAME=ID` makes the stack's NAME: a container with NAME's marker whose proof does not
/// hold gets this machine's proof; one with no marker at all gets the marker (``StackRunner/adopt(_:into:writing:)``).
public struct StackAdoption: Sendable, Equatable {
    /// The container's name in the stack file.
    public var name: String
    /// The container's id.
    public var ctid: Int

    /// An adoption; see the properties.
    public init(name: String, ctid: Int) {
        self.name = name
        self.ctid = ctid
    }

    /// Parses `NAME=ID`.
    /// - Parameters:
    ///   - text: The value given.
    ///   - setting: Where it came from, for the message.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and what is accepted: a non-empty name and an id in
    ///   ``ContainerID/accepted``.
    public init(parsing text: String, setting: String = "--adopt") throws(BuildError) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let ctid = Int(parts[1]), ContainerID.accepted.contains(ctid) else {
            throw BuildError(exitCode: .usage,
                             message: "\(setting) \(text): accepted: NAME=ID, a container's name in the stack file and a container id "
                                 + "(\(ContainerID.accepted.lowerBound) to \(ContainerID.accepted.upperBound))")
        }
        self.init(name: parts[0], ctid: ctid)
    }
}

extension StackRunner {
    /// Proves the marker of each container `adoptions` names, before the plan reads the stack's containers: a container
    /// with the name's marker and a proof that does not hold gets this machine's proof (``adopt(_:stack:)``); one with no
    /// marker at all gets the marker (``adoptUnmarked(ctid:node:name:hostname:stack:)``); one already proved is left.
    /// Each adoption is reported to the runner's events.
    /// - Parameters:
    ///   - adoptions: The containers to adopt (`apply --adopt`).
    ///   - stack: The loaded stack file.
    ///   - writing: Called before the first marker is rewritten.
    /// - Throws: ``BuildError``: 64 for a name the file does not list, an id whose marker is another name's, or a name
    ///   another container already carries proved; the reads' and writes' errors.
    public func adopt(_ adoptions: [StackAdoption], into stack: Stack, writing: () -> Void = {}) async throws(BuildError) {
        guard !adoptions.isEmpty else { return }
        for adoption in adoptions where !stack.members.contains(where: { $0.name == adoption.name }) {
            throw BuildError(exitCode: .usage, message: "--adopt \(adoption.name)=…: stack file \(stack.file) has no container \(adoption.name)")
        }
        let found = try await marked(stack: stack.name, key: stack.key, containers: stack.members.map { ($0.name, $0.spec.hostname) })
        for adoption in adoptions {
            let (name, ctid) = (adoption.name, adoption.ctid)
            if !found.contains(where: { $0.ctid == ctid }), let member = stack.members.first(where: { $0.name == name }) {
                if let other = found.first(where: { $0.name == name }) {
                    throw BuildError(exitCode: .usage,
                                     message: "--adopt \(name)=\(ctid): container \(other.ctid) on \(other.node) already carries the marker of \(name); not adopted",
                                     hint: "A stack's container is one container: remove \(other.ctid) or its marker first.")
                }
                // A container with no marker at all (built by hand, by the community scripts, or exported): marked now.
                let (node, _, _) = try await ContainerLookup.read(ctid, given: nil, client: client)
                writing()
                try await adoptUnmarked(ctid: ctid, node: node, name: name, hostname: member.spec.hostname, stack: stack)
                events(name, .decided("container \(ctid) on \(node) adopted: its notes now carry the stack's proved marker"))
                continue
            }
            guard let container = found.first(where: { $0.name == name && $0.ctid == ctid }) else {
                throw BuildError(exitCode: .usage,
                                 message: "--adopt \(name)=\(ctid): no container \(ctid) with \(name)'s host name carries the marker of "
                                     + "\(name) in stack \(stack.name); not adopted",
                                 hint: "Only a container whose notes have the line `lxc-build stack: \(stack.name) \(name)` is adopted.")
            }
            if container.proof == .verified { continue }
            writing()
            try await adopt(container, stack: stack)
            events(name, .decided("container \(ctid) on \(container.node) adopted: its marker now carries this machine's proof"))
        }
    }
}
