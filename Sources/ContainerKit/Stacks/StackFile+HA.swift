import ConfigResolution
import Yams

extension StackFile {
    /// The keys `ha:` accepts, as PVE's `POST /cluster/ha/resources` names them, and `rule` (PVE 9).
    static let haKeys = ["state", "max_restart", "max_relocate", "group", "rule", "comment"]
    /// The states PVE 9.1's schema accepts for a resource.
    static let haStates = ["started", "stopped", "enabled", "disabled", "ignored"]

    /// `ha: {state: started, max_restart: 1, max_relocate: 1, group: NAME}` (PVE 8) or `{rule: NAME, ...}` (PVE 9) as a
    /// ``ContainerHA``; `nil`, with a problem for each value PVE's schema does not accept, when it is not one.
    static func ha(_ node: Node, path: String, context: String, line: Int, into problems: inout [StackFileProblem]) -> ContainerHA? {
        let before = problems.count
        func problem(_ at: Node, _ text: String) {
            let where_ = at.mark?.line ?? node.mark?.line ?? line
            problems.append(StackFileProblem(line: where_, error: BuildError(
                exitCode: BuildExitCode.usage, message: "stack file \(path) line \(where_): ha \(context): \(text)",
                hint: "Write it as ha: {state: started, group: NAME} (PVE 8) or ha: {state: started, rule: NAME} (PVE 9).")))
        }
        guard let mapping = node.mapping else {
            problem(node, "must be a mapping of \(haKeys.joined(separator: ", "))")
            return nil
        }
        var ha = ContainerHA()
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard haKeys.contains(name) else {
                problem(key, "unknown key '\(shown(name))'; accepted: \(haKeys.joined(separator: ", "))" + Spelling.hint(for: name, among: haKeys))
                continue
            }
            guard let text = value.scalar?.string else {
                problem(value, "\(name) must be a single value, not a list or mapping")
                continue
            }
            switch name {
            case "state":
                if haStates.contains(text) { ha.state = text } else {
                    problem(value, "state: '\(shown(text))' is not accepted; accepted: \(haStates.joined(separator: ", "))")
                }
            case "max_restart", "max_relocate":
                if let number = Int(text), (0...1000).contains(number) {
                    if name == "max_restart" { ha.maxRestart = number } else { ha.maxRelocate = number }
                } else {
                    problem(value, "\(name): '\(shown(text))' is not accepted; accepted: a whole number from 0 to 1000")
                }
            case "group", "rule":
                // PVE's `pve-configid`.
                if text.wholeMatch(of: /[A-Za-z][A-Za-z0-9_-]{0,127}/) != nil {
                    if name == "group" { ha.group = text } else { ha.rule = text }
                } else {
                    problem(value, "\(name): '\(shown(text))' is not accepted; accepted: a name of letters, digits, '-' and '_', starting with a letter")
                }
            default:
                if text.count <= 4096, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    ha.comment = text
                } else {
                    problem(value, "comment: not accepted; accepted: one line of at most 4096 characters")
                }
            }
        }
        if ha.group != nil, ha.rule != nil, let at = mapping["rule"] {
            problem(at, "group and rule both given; accepted: group (PVE 8) or rule (PVE 9), not both")
        }
        return problems.count == before ? ha : nil
    }
}
