import Yams

extension StackFile {
    /// `startup: {order: 2, up: 30, down: 60}` as PVE's `startup` property string (`order=2,up=30,down=60`): each a
    /// whole number (order 0 to 10000, up and down 0 to 86400 seconds), at least one given. `nil`, with a problem, when
    /// it is not that.
    static func startup(_ node: Node, path: String, context: String, line: Int, into problems: inout [StackFileProblem]) -> String? {
        let at = node.mark?.line ?? line
        func problem(_ text: String) -> String? {
            problems.append(StackFileProblem(line: at, error: BuildError(
                exitCode: BuildExitCode.usage, message: "stack file \(path) line \(at): startup \(context) \(text)",
                hint: "Write it as startup: {order: 2, up: 30, down: 60} (the start order, then seconds to wait after the start and for the shutdown).")))
            return nil
        }
        guard let mapping = node.mapping, !mapping.isEmpty else { return problem("must be a mapping of order, up and down") }
        let bounds = ["order": 10_000, "up": 86_400, "down": 86_400]
        var values: [String: Int] = [:]
        for (key, value) in mapping {
            guard let name = key.string, let bound = bounds[name] else {
                return problem("has the key '\(StackFile.shown(key.string ?? "?"))'; accepted: order, up, down")
            }
            guard let number = value.string.flatMap({ Int($0) }), (0...bound).contains(number), values[name] == nil else {
                return problem("\(name): '\(StackFile.shown(value.string ?? "?"))' is not a whole number from 0 to \(bound)")
            }
            values[name] = number
        }
        return ["order", "up", "down"].compactMap { name in values[name].map { "\(name)=\($0)" } }.joined(separator: ",")
    }
}
