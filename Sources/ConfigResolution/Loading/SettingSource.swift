/// Where a value came from.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    /// A command-line `--set KEY=VALUE`.
    case commandLine
    /// A command-line option that stands for one setting, such as `--ip` for `var_net`: named as typed, so a
    /// rejected value points at the option the user gave. It belongs to the command-line layer.
    case option(String)
    /// A `var_*` environment variable.
    case environment
    /// A line of the app's defaults file (`defaults/<app>.vars`).
    case appFile(path: String, line: Int)
    /// A line of the global `default.vars`.
    case globalFile(path: String, line: Int)
    /// The app's own declared defaults (its script's values), when the line is not known.
    case app
    /// A line of the app's catalog script (`ct/<app>.sh`), read statically: the app layer's values with the
    /// line that declares them.
    case appScript(path: String, line: Int)
    /// The built-in default.
    case builtIn
    /// A container's settings in a stack file (`lxc-build apply FILE`): the file and the container's name. It
    /// belongs to the command-line layer: a stack file says what the admin wants for that container.
    case stack(file: String, container: String)
    /// Worked out from other settings by one of build.func's rules, because no layer gives the key a value
    /// (keyctl from `var_unprivileged`, the host name from the app); `basis` names what it follows, such as
    /// `var_unprivileged=1`.
    case derived(basis: String)

    /// The spelling used by `config show`: `flag`, the option's name (`--ip`), `env`, `app-file:<path>:<line>`,
    /// `global-file:<path>:<line>`, `app`, `app-script:<path>:<line>`, `builtin`, `stack:<file>:<container>` or
    /// `derived (<basis>)`.
    public var description: String {
        switch self {
        case .commandLine: "flag"
        case .option(let name): name
        case .environment: "env"
        case .appFile(let path, let line): "app-file:\(path):\(line)"
        case .globalFile(let path, let line): "global-file:\(path):\(line)"
        case .app: "app"
        case .appScript(let path, let line): "app-script:\(path):\(line)"
        case .builtIn: "builtin"
        case .stack(let file, let container): "stack:\(file):\(container)"
        case .derived(let basis): "derived (\(basis))"
        }
    }

    /// The line number, for file sources.
    public var line: Int? {
        switch self {
        case .appFile(_, let line), .globalFile(_, let line), .appScript(_, let line): line
        default: nil
        }
    }

    /// The layer this source belongs to. A derived value belongs to the built-ins: it is one of build.func's own
    /// rules, and any layer that gives the key a value wins over it.
    public var layer: LayerKind {
        switch self {
        case .commandLine, .option, .stack: .commandLine
        case .environment: .environment
        case .appFile: .appFile
        case .globalFile: .globalFile
        case .app, .appScript: .app
        case .builtIn: .builtIn
        case .derived: .builtIn
        }
    }
}

/// The layers of the chain; a higher layer wins over every lower one.
public enum LayerKind: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Built-in defaults (lowest).
    case builtIn
    /// The app's declared defaults.
    case app
    /// The global `default.vars`.
    case globalFile
    /// The app defaults file `defaults/<app>.vars`.
    case appFile
    /// `var_*` environment variables.
    case environment
    /// Command-line settings (highest).
    case commandLine

    /// Orders layers by precedence.
    public static func < (lhs: LayerKind, rhs: LayerKind) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// A short name for messages.
    public var description: String {
        switch self {
        case .builtIn: "built-in defaults"
        case .app: "app defaults"
        case .globalFile: "global default.vars"
        case .appFile: "app defaults file"
        case .environment: "environment"
        case .commandLine: "command line"
        }
    }

    /// Whether the layer holds the user's own choices (as opposed to the app's recommendations or built-ins).
    public var isUserLayer: Bool {
        self >= .globalFile
    }
}
