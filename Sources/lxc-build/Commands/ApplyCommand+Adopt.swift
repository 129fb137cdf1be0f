import ArgumentParser
import ContainerKit

extension ApplyCommand {
    /// `--adopt NAME=ID`, each as a container name and an id.
    func adoptions() throws -> [(name: String, ctid: Int)] {
        try adopt.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let ctid = Int(parts[1]), (100...999_999_999).contains(ctid) else {
                throw ValidationError("--adopt \(pair): accepted: NAME=ID, a container's name in the stack file and a container id (100 to 999999999)")
            }
            return (parts[0], ctid)
        }
    }

    /// Proves the marker of each container `--adopt` names, before the plan reads the stack's containers.
    /// - Throws: ``BuildError`` (64) for a name the file does not list, or an id that carries no marker of it.
    /// - Parameter writing: Called before the first marker is rewritten.
    func adopt(into stack: Stack, runner: StackRunner, events: StackEventHandler, writing: () -> Void = {}) async throws {
        let wanted = try adoptions()
        guard !wanted.isEmpty else { return }
        for (name, _) in wanted where !stack.members.contains(where: { $0.name == name }) {
            throw BuildError(exitCode: BuildExitCode.usage, message: "--adopt \(name)=…: stack file \(stack.file) has no container \(name)")
        }
        let found = try await runner.marked(stack: stack.name, key: stack.key, containers: stack.members.map { ($0.name, $0.spec.hostname) })
        for (name, ctid) in wanted {
            if !found.contains(where: { $0.ctid == ctid }), let member = stack.members.first(where: { $0.name == name }) {
                if let other = found.first(where: { $0.name == name }) {
                    throw BuildError(exitCode: BuildExitCode.usage,
                                     message: "--adopt \(name)=\(ctid): container \(other.ctid) on \(other.node) already carries the marker of \(name); not adopted",
                                     hint: "A stack's container is one container: remove \(other.ctid) or its marker first.")
                }
                // A container with no marker at all (built by hand, by the community scripts, or exported): marked now.
                let (node, _, _) = try await ContainerLookup.read(ctid, given: nil, client: runner.client)
                writing()
                try await runner.adoptUnmarked(ctid: ctid, node: node, name: name, hostname: member.spec.hostname, stack: stack)
                events(name, .decided("container \(ctid) on \(node) adopted: its notes now carry the stack's proved marker"))
                continue
            }
            guard let container = found.first(where: { $0.name == name && $0.ctid == ctid }) else {
                throw BuildError(exitCode: BuildExitCode.usage,
                                 message: "--adopt \(name)=\(ctid): no container \(ctid) with \(name)'s host name carries the marker of "
                                     + "\(name) in stack \(stack.name); not adopted",
                                 hint: "Only a container whose notes have the line `lxc-build stack: \(stack.name) \(name)` is adopted.")
            }
            if container.proof == .verified { continue }
            writing()
            try await runner.adopt(container, stack: stack)
            events(name, .decided("container \(ctid) on \(container.node) adopted: its marker now carries this machine's proof"))
        }
    }
}
