public import ConfigResolution
import Foundation
import ProxmoxAPI
import Yams

/// A stack file (`lxc-build apply FILE`): several containers, each with an app, a node and `var_*` settings,
/// and defaults shared by them. YAML:
///
/// ```yaml
/// name: web-tier       # the stack's id in each container's marker; default: the file's name without extension
/// defaults:            # shared by every container; each container may override any of it
///   app: debian
///   node: auto
///   settings: {var_cpu: 1, var_gateway: 10.0.0.1}
/// containers:          # keyed by name (the host name unless the settings give var_hostname)
///   web1:
///     settings: {var_net: 10.0.0.11/24}
///   db1:
///     app: postgresql
///     node: pve2
///     settings: {var_net: 10.0.0.12/24, var_ram: 2048}
/// ```
///
/// Parsing checks the shape and the keys; the settings' values are checked when each container's settings are
/// resolved (``StackContainer/layer(file:validator:appKeys:)``), by the same rules as everywhere.
public struct StackFile: Sendable, Equatable {
    /// The file's path, as given.
    public var path: String
    /// The stack's id: `name:` in the file, else the file's name without its extension.
    public var name: String
    /// The containers, in the file's order, with the defaults applied.
    public var containers: [StackContainer]

    /// The keys accepted at the top of the file.
    public static let topKeys = ["name", "defaults", "containers"]
    /// The keys accepted in `defaults` and in each container.
    public static let containerKeys = ["app", "node", "settings", "startup", "pool", "mounts", "firewall", "ha", "depends_on"]
    /// The largest stack file read: 1 MiB. A larger one is refused before it is read.
    public static let maximumBytes = 1 << 20
    /// The most containers a stack file may list: 1,000.
    public static let maximumContainers = 1000
    /// The most settings one container (or `defaults`) may give: 1,000.
    public static let maximumSettings = 1000
    /// What ``parseCollecting(_:path:)`` found wrong, in the order found; empty after ``parse(_:path:)``.
    var problems: [StackFileProblem] = []

    /// Reads and parses the file at `path`. Run as root, a file anyone may write, that another user owns, or that a
    /// group other than root's may write is refused, as a `.vars` file is: its settings reach a root process with the command line's authority (mounts,
    /// devices, the post-install hook). Owner and mode are read from the opened file, not from the path.
    /// `effectiveUserID` stands in for this process's (`nil`: `geteuid()`).
    /// - Throws: ``BuildError`` (64) when it cannot be read, is unsafe, or is not a valid stack file.
    public static func load(_ path: String, effectiveUserID: UInt32? = nil) throws(BuildError) -> StackFile {
        try load(path, effectiveUserID: effectiveUserID, collecting: false)
    }

    /// Reads the file as ``load(_:effectiveUserID:)`` does; `collecting` keeps the problems in ``problems``
    /// (``parseCollecting(_:path:)``) instead of throwing them.
    static func load(_ path: String, effectiveUserID: UInt32? = nil, collecting: Bool) throws(BuildError) -> StackFile {
        let user = effectiveUserID ?? geteuid()
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) cannot be read (no such file, or not readable)",
                             hint: "Give the path of a YAML stack file (Docs/stacks.md).")
        }
        defer { try? handle.close() }
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) is not a regular file")
        }
        let fileStatus = FileStatus(ownerID: status.st_uid, groupID: status.st_gid, permissions: UInt16(status.st_mode & 0o7777))
        if let why = fileStatus.refusalForRoot(effectiveUserID: user) {
            throw BuildError(
                exitCode: BuildExitCode.usage,
                message: "refusing stack file \(path): \(why), and its settings would be used by root",
                hint: "Accepted: \(FileStatus.acceptedForRoot(path)).")
        }
        guard status.st_size <= maximumBytes else { throw tooLarge(path, bytes: Int(status.st_size)) }
        // One byte more than the bound tells a file that grew since fstat from one that fits.
        guard let data = try? handle.read(upToCount: maximumBytes + 1) ?? Data() else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) is not UTF-8 text")
        }
        return try collecting ? parseCollecting(text, path: path) : parse(text, path: path)
    }

    /// Parses the text of a stack file; `path` names it in messages and gives the default ``name``. Text over
    /// ``maximumBytes``, more than ``maximumContainers`` containers or more than ``maximumSettings`` settings in one
    /// are refused; a cancelled task stops parsing between containers (130).
    /// - Throws: ``BuildError`` (64) naming the file, the line, the container and the key; with several problems, one
    ///   error listing them all in file order.
    public static func parse(_ text: String, path: String) throws(BuildError) -> StackFile {
        let file = try parseCollecting(text, path: path)
        if let error = combined(file.problems, path: path) { throw error }
        return file
    }

    /// Parses as ``parse(_:path:)`` does, but keeps each problem of the keys, the name, the defaults and the containers
    /// in ``problems`` (a container with one is left out of ``containers``) instead of stopping at the first, so the
    /// caller can add its own and report them all. What leaves nothing to check (not YAML, not a mapping, no
    /// containers, a bound) is thrown.
    static func parseCollecting(_ text: String, path: String) throws(BuildError) -> StackFile {
        guard text.utf8.count <= maximumBytes else { throw tooLarge(path, bytes: text.utf8.count) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let keys = duplicates.map { "'\(StackFile.shown($0))'" }.joined(separator: ", ")
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "stack file \(path) line \(context.mark.line): \(keys) given more than once in one mapping; "
                                 + "accepted: each key once",
                             hint: "Keep one of them (the first is at that line), or rename the other container.")
        } catch let error as YamlError {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) is not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path) is not valid YAML")
        }
        guard let top = root?.mapping else {
            throw BuildError(exitCode: BuildExitCode.usage, message: "stack file \(path): expected a mapping with the keys "
                + topKeys.joined(separator: ", "), hint: "See Docs/stacks.md for the format.")
        }
        var problems = checkKeys(top, accepted: topKeys, path: path, context: "at the top")
        let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var name = fileName
        if let node = top["name"], let given = collect(node, into: &problems, { () throws(BuildError) in try scalar(node, path: path, what: "name") }) {
            name = given
            if !Self.isValidName(given) {
                problems.append(StackFileProblem(line: node.mark?.line ?? 0, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(node.mark?.line ?? 0): name '\(StackFile.shown(given))' is not a stack id; accepted: "
                        + "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    hint: "Set name: in the file, or rename the file.")))
            }
        } else if !Self.isValidName(fileName) {
            problems.append(StackFileProblem(line: 0, error: BuildError(
                exitCode: BuildExitCode.usage,
                message: "stack file \(path): name '\(StackFile.shown(fileName))' is not a stack id; accepted: "
                    + "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit",
                hint: "Set name: in the file, or rename the file.")))
        }
        let defaults = top["defaults"].flatMap { node in entry(node, name: nil, path: path, base: nil, problems: &problems) }
        guard let list = top["containers"]?.mapping, !list.isEmpty else {
            throw combined(problems + [StackFileProblem(line: Int.max, error: BuildError(
                exitCode: BuildExitCode.usage, message: "stack file \(path): no containers (a `containers:` mapping keyed by name)",
                hint: "See Docs/stacks.md for the format."))], path: path)!
        }
        guard list.count <= maximumContainers else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "stack file \(path) lists \(list.count) containers; accepted: at most \(maximumContainers)",
                             hint: "Split the stack into several files, each with its own name:.")
        }
        var containers: [StackContainer] = []
        for (key, value) in list {
            if Task.isCancelled { throw BuildError(exitCode: BuildExitCode.interrupted, message: "stopped while reading stack file \(path)") }
            guard let containerName = collect(key, into: &problems, { () throws(BuildError) in
                try scalar(key, path: path, what: "a container name")
            }) else { continue }
            guard Self.isValidName(containerName) else {
                problems.append(StackFileProblem(line: key.mark?.line ?? 0, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(key.mark?.line ?? 0): container name '\(StackFile.shown(containerName))' is "
                        + "not accepted; accepted: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    hint: "The name goes into the container's marker and, without var_hostname, is its host name.")))
                continue
            }
            if let container = entry(value, name: containerName, path: path, base: defaults, problems: &problems) {
                containers.append(container)
            }
        }
        problems += dependencyProblems(containers, names: list.keys.compactMap(\.string), path: path)
        return StackFile(path: path, name: name, containers: containers, problems: problems)
    }

    private static func tooLarge(_ path: String, bytes: Int) -> BuildError {
        BuildError(exitCode: BuildExitCode.usage,
                   message: "stack file \(path) has \(bytes) bytes; accepted: at most \(maximumBytes) (1 MiB)",
                   hint: "Split the stack into several files, each with its own name:.")
    }

    /// Text from the file in a message: at most 64 characters, control characters as `?` (the terminal output
    /// escapes them too).
    static func shown(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return cleaned.count > 64 ? String(cleaned.prefix(64)) + "…" : cleaned
    }

    /// A stack id or a container's name: what goes into each container's marker.
    static func isValidName(_ name: String) -> Bool {
        name.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9._-]{0,62}/) != nil
    }

    /// The container (or `defaults`) at `node`, with `base` under it; `nil`, with each problem added to `problems`,
    /// when it has one.
    private static func entry(_ node: Node, name: String?, path: String, base: StackContainer?,
                              problems: inout [StackFileProblem]) -> StackContainer?
    {
        let line = node.mark?.line ?? 0
        var container = base ?? StackContainer(name: "", app: nil, node: nil, settings: [])
        container.name = name ?? ""
        container.line = line
        let context = name.map { "in container \($0)" } ?? "in defaults"
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.tag.description.hasSuffix("null") {
            return container  // `web2:` with nothing: the defaults alone
        }
        guard let mapping = node.mapping else {
            problems.append(StackFileProblem(line: line, error: BuildError(
                exitCode: BuildExitCode.usage,
                message: "stack file \(path) line \(line): expected a mapping \(context) with the keys " + containerKeys.joined(separator: ", "))))
            return nil
        }
        var found = checkKeys(mapping, accepted: containerKeys, path: path, context: context)
        if let app = mapping["app"] {
            container.app = collect(app, into: &found) { () throws(BuildError) in try scalar(app, path: path, what: "app \(context)") }
        }
        if let nodeValue = mapping["node"],
           let text = collect(nodeValue, into: &found, { () throws(BuildError) in try scalar(nodeValue, path: path, what: "node \(context)") })
        {
            if text == "auto" {
                container.node = .automatic
            } else if APIPath.isNodeName(text) {
                container.node = .named(text)
            } else {
                let at = nodeValue.mark?.line ?? line
                found.append(StackFileProblem(line: at, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(at): node '\(StackFile.shown(text))' \(context) is not a node name; "
                        + "accepted: letters, digits and inner '-', or auto",
                    hint: "Use one of the names `lxc-build nodes` lists.")))
            }
        }
        if let startup = mapping["startup"] { container.startup = Self.startup(startup, path: path, context: context, line: line, into: &found) }
        if let pool = mapping["pool"],
           let text = collect(pool, into: &found, { () throws(BuildError) in try scalar(pool, path: path, what: "pool \(context)") }) {
            if text.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9_.-]{0,39}/) != nil {
                container.pool = text
            } else {
                let at = pool.mark?.line ?? line
                found.append(StackFileProblem(line: at, error: BuildError(exitCode: BuildExitCode.usage, message:
                    "stack file \(path) line \(at): pool '\(StackFile.shown(text))' \(context) is not a pool id; accepted: letters, digits, '-', '_' and '.', at most 40")))
            }
        }
        if let firewall = mapping["firewall"] { container.firewall = Self.firewall(firewall, path: path, context: context, line: line, into: &found) }
        if let ha = mapping["ha"] { container.ha = Self.ha(ha, path: path, context: context, line: line, into: &found) }
        if let names = mapping["depends_on"] { container.dependsOn = Self.dependsOn(names, path: path, context: context, line: line, into: &found) ?? [] }
        if let settings = mapping["settings"] {
            let at = settings.mark?.line ?? line
            if let pairs = settings.mapping, pairs.count <= maximumSettings {
                // The container's value replaces the default's: its own settings after the defaults', each key once.
                var given: [String: StackSetting] = [:]
                var order: [String] = []
                for (key, value) in pairs {
                    guard let variable = collect(key, into: &found, { () throws(BuildError) in
                        try scalar(key, path: path, what: "a settings key \(context)")
                    }), let text = collect(value, into: &found, { () throws(BuildError) in
                        try scalar(value, path: path, what: "the value of \(variable) \(context)", secret: true)
                    }) else { continue }
                    if given[variable] == nil { order.append(variable) }
                    given[variable] = StackSetting(variable: variable, value: text, line: key.mark?.line ?? line)
                }
                container.settings = container.settings.filter { given[$0.variable] == nil } + order.map { given[$0]! }
            } else if let pairs = settings.mapping {
                found.append(StackFileProblem(line: at, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(at): \(pairs.count) settings \(context); accepted: at most \(maximumSettings)")))
            } else {
                found.append(StackFileProblem(line: at, error: BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(path) line \(at): settings \(context) must be a mapping of var_* keys to values")))
            }
        }
        if let mounts = mapping["mounts"],
           let setting = Self.mounts(mounts, settings: mapping["settings"], path: path, context: context, line: line, into: &found) {
            container.settings = container.settings.filter { ConfigKey(commandLineName: $0.variable) != .mounts } + [setting]
        }
        problems += found
        return found.isEmpty ? container : nil
    }

    /// Each key of `mapping` that is not `accepted`, as a problem naming the nearest accepted key.
    private static func checkKeys(_ mapping: Node.Mapping, accepted: [String], path: String, context: String) -> [StackFileProblem] {
        mapping.keys.compactMap { key in
            let text = key.string ?? ""
            guard !accepted.contains(text) else { return nil }
            return StackFileProblem(line: key.mark?.line ?? 0, error: BuildError(
                exitCode: BuildExitCode.usage,
                message: "stack file \(path) line \(key.mark?.line ?? 0): unknown key '\(StackFile.shown(text))' \(context); "
                    + "accepted: \(accepted.joined(separator: ", "))" + Spelling.hint(for: text, among: accepted)))
        }
    }

    /// `body`'s value, or `nil` with its error added to `problems` at `node`'s line.
    private static func collect<Value>(_ node: Node, into problems: inout [StackFileProblem],
                                       _ body: () throws(BuildError) -> Value) -> Value?
    {
        do throws(BuildError) {
            return try body()
        } catch {
            problems.append(StackFileProblem(line: node.mark?.line ?? 0, error: error))
            return nil
        }
    }

    private static func scalar(_ node: Node, path: String, what: String, secret: Bool = false) throws(BuildError) -> String {
        guard case .scalar(let scalar) = node else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "stack file \(path) line \(node.mark?.line ?? 0): \(what) must be a single value, not a list or mapping")
        }
        return scalar.string
    }

    /// libyaml's problem and where, without the file's text (it may hold a password).
    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "the YAML parser refused it"
        }
    }
}

/// One container of a stack file, with the file's defaults applied.
public struct StackContainer: Sendable, Equatable {
    /// Its name in the file: its key under `containers`, the host name unless the settings give `var_hostname`.
    public var name: String
    /// The app (a base OS or an app of the catalog); `nil` when neither it nor the defaults give one.
    public var app: String?
    /// The node: a name, `auto`, or `nil` for the rule of a create without `--node`.
    public var node: ContainerBuilder.NodeChoice?
    /// Its settings, the defaults' first, each key once (the container's value wins).
    public var settings: [StackSetting]
    /// The start and shutdown order as PVE's `startup` property string (`order=2,up=30,down=60`), from `startup:`.
    public var startup: String?
    /// The resource pool it joins, from `pool:`.
    public var pool: String?
    /// Its firewall, from `firewall:`.
    public var firewall: ContainerFirewall?
    /// Its place as a high-availability resource, from `ha:`.
    public var ha: ContainerHA?
    /// The containers of the stack it is created and started after, and destroyed before, from `depends_on:`.
    public var dependsOn: [String] = []
    /// The line of the file where it starts.
    public var line: Int = 0

    /// A container.
    public init(name: String, app: String?, node: ContainerBuilder.NodeChoice?, settings: [StackSetting], line: Int = 0) {
        self.name = name
        self.app = app
        self.node = node
        self.settings = settings
        self.line = line
    }

    /// Where its settings come from in `config show` terms: `stack:<file>:<container>`.
    public func source(file: String) -> SettingSource { .stack(file: file, container: name) }

    /// Its settings as a command-line-level layer whose values come from ``source(file:)``, with `var_hostname` set to
    /// ``name`` unless the settings give one. Keys may leave out the `var_` prefix; the app's own keys (`appKeys`) go
    /// to the install script, as with `--set`.
    /// - Throws: ``BuildError`` (64) for a key that is not a setting, naming the file, the container, the key and the
    ///   nearest setting. A value that breaks its rule is a rejection in the layer, reported when it is resolved.
    public func layer(file: String, validator: SettingValidator = SettingValidator(), appKeys: Set<String> = []) throws(BuildError)
        -> ConfigLayer
    {
        let source = source(file: file)
        var values: [ConfigKey: LayerValue] = [:]
        var appValues: [String: LayerValue] = [:]
        var rejections: [ValueRejection] = []
        var given = settings
        if !given.contains(where: { ConfigKey(commandLineName: $0.variable) == .hostname }) {
            given.append(StackSetting(variable: ConfigKey.hostname.variableName, value: name, line: line))
        }
        for setting in given {
            let variable = setting.variable.hasPrefix("var_") ? setting.variable : "var_" + setting.variable
            if appKeys.contains(variable) {
                do {
                    if let value = try validator.appSpecificValue(from: setting.value) { appValues[variable] = LayerValue(value: .text(value), source: source) }
                } catch {
                    rejections.append(ValueRejection(variable: variable, value: setting.value, source: source, reason: error.reason,
                                                     accepted: ConfigKey.appSpecificAcceptedValues))
                }
                continue
            }
            guard let key = ConfigKey(commandLineName: setting.variable) else {
                let names = ConfigKey.allCases.map(\.variableName) + appKeys.sorted()
                let fix = Spelling.nearest(to: variable, among: names).map { "; did you mean \($0)?" } ?? ""
                throw BuildError(
                    exitCode: BuildExitCode.usage,
                    message: "stack file \(file) line \(setting.line), container \(name): '\(StackFile.shown(setting.variable))' "
                        + "is not a setting\(fix)",
                    hint: "The settings are those of `lxc-build config show` (var_cpu, var_ram, var_net, ...).")
            }
            do {
                if let value = try validator.value(for: key, from: setting.value) { values[key] = LayerValue(value: value, source: source) }
            } catch {
                rejections.append(ValueRejection(variable: key.variableName, value: setting.value, source: source, reason: error.reason,
                                                 accepted: key.acceptedValues))
            }
        }
        return ConfigLayer(kind: .commandLine, values: values, appValues: appValues, rejections: rejections)
    }
}

/// One `var_*` setting of a stack container.
public struct StackSetting: Sendable, Equatable {
    /// The key as written (`var_cpu` or `cpu`).
    public var variable: String
    /// The value as written.
    public var value: String
    /// The line of the file.
    public var line: Int

    /// A setting.
    public init(variable: String, value: String, line: Int) {
        self.variable = variable
        self.value = value
        self.line = line
    }
}
