import ConfigResolution
import ProxmoxAPI

extension Stack {
    /// Whether a container of `file` is placed on a named node (its own `node:`, else `node`'s choice), not `auto`
    /// or create's rule.
    static func namesNode(_ file: StackFile, node: NodeRequest) -> Bool {
        file.containers.contains { container in
            if case .named? = container.node ?? node.choice { return true }
            return false
        }
    }

    /// The containers of `file` whose node (their own `node:`, else `node`'s choice) the cluster's `nodes` lack, each
    /// as a problem at its container's line, so a file refused for its settings also lists its unknown nodes instead
    /// of reporting them only once the settings are fixed.
    static func nodeProblems(_ file: StackFile, nodes: [NodeSummary], node: NodeRequest) -> [StackFileProblem] {
        file.containers.compactMap { container -> StackFileProblem? in
            let setting = container.node == nil ? node.setting : SettingSource.stack(file: file.path, container: container.name).description
            guard case .named(let name)? = container.node ?? node.choice,
                  !nodes.contains(where: { $0.node == name }) else { return nil }
            do throws(BuildError) {
                _ = try NodeSelection.named(name, among: nodes, setting: setting)
                return nil
            } catch {
                return StackFileProblem(line: container.line, error: BuildError(
                    exitCode: error.exitCode,
                    message: "stack file \(file.path) line \(container.line), container \(container.name): \(error.message)",
                    hint: error.hint))
            }
        }
    }
}
