/// build.func's install modes, as far as they decide which `.vars` files take part.
public enum InstallMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Default install: no `.vars` file is read.
    case `default`
    /// Advanced install: both files give the wizard's starting values.
    case advanced
    /// User Defaults: the global `default.vars` is read.
    case mydefaults
    /// App Defaults: the app file and the global file are read; the app file must exist.
    case appdefaults
    /// Web generator mode: like default, without the storage pre-selection step.
    case generated

    /// The mode for one of build.func's spellings (`1`, `default`, `DEFAULT`, `3`, `userdefaults`…).
    public init?(spelling: String) {
        switch spelling.trimmingWhitespace().lowercased() {
        case "1", "default": self = .default
        case "2", "advanced": self = .advanced
        case "3", "mydefaults", "userdefaults": self = .mydefaults
        case "4", "appdefaults": self = .appdefaults
        case "generated": self = .generated
        default: return nil
        }
    }

    /// The mode named by the `mode` (or `MODE`) environment variable, as build.func reads it.
    /// - Throws: ``ConfigError/Code/invalidMode`` when the variable holds an unknown mode.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigError) -> InstallMode? {
        guard let spelling = environment["mode"] ?? environment["MODE"], !spelling.isEmpty else { return nil }
        guard let mode = InstallMode(spelling: spelling) else {
            throw ConfigError(code: .invalidMode, message: Self.invalidMessage(spelling))
        }
        return mode
    }

    static func invalidMessage(_ spelling: String) -> String {
        "install mode \"\(ValueRejection.display(spelling, for: "mode"))\" does not exist; accepted: "
            + allCases.map(\.rawValue).joined(separator: ", ") + " (or 1-4)"
    }

    /// The file layers this mode reads.
    public var fileLayers: [LayerKind] {
        switch self {
        case .default, .generated: []
        case .mydefaults: [.globalFile]
        case .appdefaults, .advanced: [.appFile, .globalFile]
        }
    }

    /// The name, such as `mydefaults`.
    public var description: String { rawValue }

    /// Whether a run on the host asks no questions (build.func's `is_unattended`): the default,
    /// mydefaults, appdefaults and generated modes are unattended and advanced is interactive; without a mode,
    /// `PHS_SILENT=1`, `var_unattended` or `UNATTENDED` set to yes/true/1, or a standard input that is not a
    /// terminal make the run unattended.
    public static func isUnattended(mode: InstallMode?, environment: [String: String],
                                    standardInputIsTerminal: Bool) -> Bool {
        if let mode { return mode != .advanced }
        if environment["PHS_SILENT"] == "1" { return true }
        let answers: Set<String> = ["yes", "true", "1"]
        for name in ["var_unattended", "UNATTENDED"] {
            if let value = environment[name], answers.contains(value.lowercased()) { return true }
        }
        return !standardInputIsTerminal
    }
}
