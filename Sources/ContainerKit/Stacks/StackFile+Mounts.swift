import ConfigResolution
import Yams

extension StackFile {
    /// The keys of a mount given as a mapping: `volume` (a host path or `STORAGE:SIZE_GB`), or `storage` with `size`;
    /// `path` inside; `ro`, `backup`, `uid`, `gid` as in `var_mounts`.
    static let mountKeys = ["volume", "storage", "size", "path", "ro", "backup", "uid", "gid"]

    /// `mounts:` of a container (or `defaults`): a list of `var_mounts` entries, each a string
    /// (`/srv/media,mp=/media,uid=1000,gid=1000`) or a mapping (``mountKeys``), as the `var_mounts` setting of
    /// `container` (replacing the defaults'). Each entry is checked here, with its line; `nil`, with a problem, when one
    /// is wrong or the same entry also gives `var_mounts` under `settings`.
    static func mounts(_ node: Node, settings: Node?, path: String, context: String, line: Int,
                       into problems: inout [StackFileProblem]) -> StackSetting?
    {
        let at = node.mark?.line ?? line
        func problem(_ line: Int, _ text: String) -> StackSetting? {
            problems.append(StackFileProblem(line: line, error: BuildError(
                exitCode: BuildExitCode.usage, message: "stack file \(path) line \(line): mounts \(context) \(text)",
                hint: "Write each mount as a string like var_mounts' entries (/srv/media,mp=/media,ro=1) or as "
                    + "{volume: /srv/media, path: /media, ro: true, uid: 1000, gid: 1000} (Docs/stacks.md).")))
            return nil
        }
        if settings?.mapping?.keys.contains(where: { ConfigKey(commandLineName: $0.string ?? "") == .mounts }) == true {
            return problem(at, "and var_mounts under settings are both given; accepted: one of them")
        }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.tag.description.hasSuffix("null") {
            return StackSetting(variable: ConfigKey.mounts.variableName, value: "", line: at)  // `mounts:` empty: none
        }
        guard let items = node.sequence else { return problem(at, "must be a list of mounts") }
        guard items.count <= MountPointSetting.maximumCount else {
            return problem(at, "lists \(items.count) mounts; accepted: at most \(MountPointSetting.maximumCount) (mp0 to mp255)")
        }
        var entries: [String] = []
        for (index, item) in items.enumerated() {
            let itemLine = item.mark?.line ?? at
            let entry: String
            switch item {
            case .scalar(let scalar):
                guard !scalar.string.contains(";") else { return problem(itemLine, "entry \(index + 1) holds ';'; accepted: one mount per list item") }
                entry = scalar.string
            case .mapping(let mapping):
                do throws(RuleViolation) {
                    entry = try Self.mountEntry(mapping)
                } catch {
                    return problem(itemLine, "entry \(index + 1): \(error.reason)")
                }
            default:
                return problem(itemLine, "entry \(index + 1) must be a string or a mapping")
            }
            do throws(RuleViolation) {
                _ = try MountPointSetting.parse(entry)
            } catch {
                return problem(itemLine, "entry \(index + 1) (mp\(index)): \(error.reason); accepted: \(ConfigKey.mounts.acceptedValues)")
            }
            entries.append(entry)
        }
        do throws(RuleViolation) {
            _ = try MountPointSetting.parseList(entries.joined(separator: ";"))
        } catch {
            return problem(at, "\(error.reason)")
        }
        return StackSetting(variable: ConfigKey.mounts.variableName, value: entries.joined(separator: ";"), line: at)
    }

    /// A mount written as a mapping, as a `var_mounts` entry. No value may hold `,`, `;` or `=`, which would add options
    /// the mapping does not show.
    private static func mountEntry(_ mapping: Node.Mapping) throws(RuleViolation) -> String {
        var values: [String: String] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard mountKeys.contains(name) else {
                throw RuleViolation("has the key '\(StackFile.shown(name))'; accepted: \(mountKeys.joined(separator: ", "))"
                    + Spelling.hint(for: name, among: mountKeys))
            }
            guard case .scalar(let scalar) = value else { throw RuleViolation("\(name) must be a single value") }
            guard !scalar.string.contains(where: { ",;=".contains($0) }) else {
                throw RuleViolation("\(name) '\(StackFile.shown(scalar.string))' holds ',', ';' or '='")
            }
            values[name] = scalar.string
        }
        let volume: String
        switch (values["volume"], values["storage"], values["size"]) {
        case (let given?, nil, nil): volume = given
        case (nil, let storage?, let size?): volume = "\(storage):\(size)"
        default: throw RuleViolation("needs volume (a host path or STORAGE:SIZE_GB), or storage with size, not both")
        }
        guard let inside = values["path"] else { throw RuleViolation("has no path (where it appears inside the container)") }
        var items = [volume, "mp=\(inside)"]
        for name in ["ro", "backup", "uid", "gid"] {
            if let value = values[name] { items.append("\(name)=\(value)") }
        }
        return items.joined(separator: ",")
    }
}
