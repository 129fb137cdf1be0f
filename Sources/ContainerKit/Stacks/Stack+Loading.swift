import ConfigResolution
import Foundation
public import ProxmoxAPI

extension Stack {
    /// A stack file made ready for ``StackRunner``, as `lxc-build apply FILE` reads it: the file read and checked
    /// (``StackFile/load(_:effectiveUserID:)``), each container's app read from `catalog` (each app once), its settings
    /// resolved with every other layer as `create` resolves them (``StackContainer/member(file:loader:mode:app:catalogDirectory:overrides:shell:)``),
    /// and the stack's key loaded, or made on the first apply (``StackKey/loadOrCreate(stack:folder:)``).
    ///
    /// A container whose file names no `node:` takes `node`'s choice (`--node`, else `PROXMOX_VE_NODE`); one that
    /// names its node keeps it.
    /// - Parameters:
    ///   - path: The stack file (YAML, Docs/stacks.md).
    ///   - environment: The environment: `var_*` settings, the install mode, where the `.vars` files and the stack
    ///     keys are.
    ///   - catalog: Where the apps are read from (``CatalogSource``).
    ///   - node: The node of the containers whose file names none; no name leaves `create`'s rule.
    ///   - overrides: Choices that are not settings, the same for every container (``BuildOverrides``).
    ///   - shell: The node shell provisioning runs through, `nil` for none.
    ///   - keyFolder: Where the stack's key is kept; `nil` for ``StackKey/folder(environment:effectiveUserID:)``.
    ///   - events: Hears, for the container that first needs an app, where a fetched app was read from.
    ///   - fetched: Hears each temporary folder a URL catalog was fetched into: the members read their install
    ///     scripts from it, so the caller removes it once the stack is applied.
    ///   - clusterNodes: Asked only when the file has problems: the cluster's nodes, so a container's node the
    ///     cluster lacks is listed with them (`nil`, or `nil` returned, lists none: the plan refuses it later).
    /// - Throws: ``BuildError``: the file's (64, naming the file, the line and what is accepted), a container with
    ///   no app (64), an app the catalog does not have or cannot fetch, a setting's error naming the file and the
    ///   container, or the key's.
    public static func load(
        file path: String, environment: [String: String], catalog: CatalogSource, node: NodeRequest,
        overrides: BuildOverrides = BuildOverrides(), shell: (any NodeShell)? = nil, keyFolder: String? = nil,
        events: StackEventHandler = { _, _ in }, fetched: (String) -> Void = { _ in },
        clusterNodes: (@Sendable () async -> [NodeSummary]?)? = nil
    ) async throws(BuildError) -> Stack {
        let file = try StackFile.load(path, collecting: true)
        let loader = ConfigLoader(environment: environment)
        let mode: InstallMode
        do throws(ConfigError) { mode = try InstallMode.fromEnvironment(environment) ?? .default } catch { throw BuildError(error) }
        try node.validate(allowAuto: true)
        var members: [StackMember] = []
        var folders: [String: String?] = [:]
        // Every container is checked: the problems are reported together, in file order, with the file's own.
        var problems = file.problems
        for var container in file.containers {
            if Task.isCancelled { throw BuildError(exitCode: BuildExitCode.interrupted, message: "stopped while reading stack file \(file.path)") }
            var chosen = overrides
            if container.node == nil, let choice = node.choice {
                container.node = choice
                chosen.nodeSetting = node.setting
            } else if container.node != nil {
                // The file's node: a node not in the cluster names the file and the container, as a setting's value does.
                chosen.nodeSetting = SettingSource.stack(file: file.path, container: container.name).description
            }
            guard let app = container.app else {
                problems.append(StackFileProblem(line: container.line, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(file.path) line \(container.line), container \(container.name): no app; "
                        + "give app: in the container or in defaults")))
                continue
            }
            do throws(BuildError) {
                let folder: String?
                if let known = folders[app] {
                    folder = known
                } else {
                    let read = try await catalog.folder(for: app)
                    if let read, read.isTemporary {
                        fetched(read.path)
                        events(container.name, .decided("app \(app): read from \(read.origin)"))
                    }
                    folder = read?.path
                    folders[app] = folder
                }
                let definition = try AppCatalog(directory: folder).definitionSuggesting(for: app)
                members.append(try container.member(file: file.path, loader: loader, mode: mode, app: definition, catalogDirectory: folder,
                                                    overrides: chosen, shell: shell))
            } catch {
                problems.append(StackFileProblem(line: container.line, error: error))
            }
        }
        // Only a file that names a node is worth the cluster's read: one that names none stays without a request.
        if !problems.isEmpty, namesNode(file, node: node), let clusterNodes, let nodes = await clusterNodes() {
            problems += nodeProblems(file, nodes: nodes, node: node)
        }
        if let error = StackFile.combined(problems, path: file.path) { throw error }
        let keys = keyFolder ?? StackKey.folder(environment: environment)
        return Stack(name: file.name, file: file.path, members: members, key: try StackKey.loadOrCreate(stack: file.name, folder: keys),
                     keyPath: StackKey.path(stack: file.name, folder: keys))
    }
}
