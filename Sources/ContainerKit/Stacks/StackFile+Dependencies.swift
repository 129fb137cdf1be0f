import ConfigResolution
import Yams

extension StackFile {
    /// `depends_on: [db, cache]` (or one name): the names as written; `nil`, with a problem, when it is not a list of
    /// container names.
    static func dependsOn(_ node: Node, path: String, context: String, line: Int, into problems: inout [StackFileProblem]) -> [String]? {
        let at = node.mark?.line ?? line
        let items: [Node] = node.sequence.map(Array.init) ?? [node]
        var names: [String] = []
        for item in items {
            guard let name = item.scalar?.string, isValidName(name) else {
                problems.append(StackFileProblem(line: item.mark?.line ?? at, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(item.mark?.line ?? at): depends_on \(context): '\(shown(item.scalar?.string ?? "(a list or mapping)"))' "
                        + "is not a container name; accepted: a list of the names under containers:")))
                return nil
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Each `depends_on` that names no container of the file, and each cycle (`a -> b -> a`, a container depending on
    /// itself included), as problems: both stop the run (64) before anything is read from the cluster.
    /// `names` are all the file's container names (a container with a problem of its own is not in `containers`).
    static func dependencyProblems(_ containers: [StackContainer], names: [String], path: String) -> [StackFileProblem] {
        var problems: [StackFileProblem] = []
        let known = Set(names)
        for container in containers {
            for name in container.dependsOn where !known.contains(name) {
                problems.append(StackFileProblem(line: container.line, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(container.line): depends_on in container \(container.name): '\(shown(name))' is not a "
                        + "container of the stack; accepted: \(names.filter { $0 != container.name }.joined(separator: ", "))"
                        + Spelling.hint(for: name, among: names))))
            }
        }
        if let cycle = dependencyCycle(containers) {
            let first = containers.first { $0.name == cycle[0] }
            problems.append(StackFileProblem(line: first?.line ?? 0, error: BuildError(
                exitCode: BuildExitCode.usage,
                message: "stack file \(path): depends_on makes a cycle: \(cycle.joined(separator: " -> ")); accepted: an order in which "
                    + "each container's dependencies come before it",
                hint: "Remove one of the dependencies of the cycle.")))
        }
        return problems
    }

    /// The first cycle of `depends_on` among `containers`, as the names along it with the first again at the end;
    /// `nil` when there is none. Names that are not containers are left out (reported on their own).
    static func dependencyCycle(_ containers: [StackContainer]) -> [String]? {
        let edges = Dictionary(containers.map { ($0.name, $0.dependsOn) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == true { return nil }
            if state[name] == false, let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            state[name] = false
            path.append(name)
            for next in edges[name] ?? [] where edges[next] != nil {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[name] = true
            return nil
        }
        for container in containers {
            if let cycle = visit(container.name) { return cycle }
        }
        return nil
    }
}

extension StackFile {
    /// The container names in the order `destroy --stack` removes them: each before the containers it depends on, the
    /// reverse of the order ``StackRunner/apply(_:)`` creates them in.
    public var destructionOrder: [String] {
        let dependsOn = Dictionary(containers.map { ($0.name, $0.dependsOn) }, uniquingKeysWith: { first, _ in first })
        return StackRunner.dependencyOrder(containers.map(\.name), name: { $0 }, dependsOn: dependsOn).reversed()
    }

    /// `found` (the stack's containers, found by their markers) in ``destructionOrder``; those it does not name last.
    public func inDestructionOrder(_ found: [StackMarkedContainer]) -> [StackMarkedContainer] {
        let order = destructionOrder
        return found.enumerated().sorted { left, right in
            (order.firstIndex(of: left.element.name) ?? order.count, left.offset) < (order.firstIndex(of: right.element.name) ?? order.count, right.offset)
        }.map(\.element)
    }
}
