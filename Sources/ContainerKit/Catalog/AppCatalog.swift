public import ConfigResolution
import Foundation

/// An app's name and the defaults its `ct/<app>.sh` declares.
public struct AppDefinition: Sendable, Equatable {
    /// Display name (`APP="Home Assistant"`), or the app id.
    public var name: String
    /// Declared `var_*` defaults, by key.
    public var declaredDefaults: [ConfigKey: String]
    /// `true` for a base OS (the container alone, no install script).
    public var isBaseOS: Bool
    /// Warnings about `var_*` lines that were not taken, each naming the file and line: forms the static reader
    /// cannot read (command substitution, other expansions), conditional assignments, control variables.
    public var skipped: [String]
    /// Keys the script declares that an app may not set (`ConfigKey.isAppDeclarable`): ignored, each with a
    /// warning naming the file and line.
    public var refused: [RefusedDeclaration] = []
    /// The app's own keys (`var_runner_token`…: neither settings nor build.func's controls) with their declared
    /// defaults: accepted from the user's layers and passed to the install script only.
    public var appKeys: [String: String] = [:]
    /// The script read (`<catalog>/ct/<app>.sh`), `nil` for a base OS.
    public var scriptPath: String?
    /// The line of ``scriptPath`` declaring each variable taken.
    public var declarationLines: [String: Int] = [:]
    /// `var_arm64`: `false` when the app says it does not run on arm64 (it is refused there, exit 106).
    public var supportsARM64: Bool?
    /// The notice of a retired app (its script ends before it builds), escaped; `nil` for a live app.
    public var retirementNotice: String?
    /// Whether the catalog has `install/<app>-install.sh`; `nil` when not looked up (a base OS).
    public var hasInstallScript: Bool?

    /// Which definition this is: the script read (``scriptPath``), or `built-in` for a base OS read without a catalog
    /// (``AppCatalog/baseOSDefaults``: the values of community-scripts' `ct/<os>.sh`).
    public var origin: String { scriptPath ?? "built-in" }

    /// A declaration of the app's script that was ignored because an app catalog may not set that key.
    public struct RefusedDeclaration: Sendable, Equatable, CustomStringConvertible {
        /// The script's path.
        public var path: String
        /// The line number (1-based).
        public var line: Int
        /// The variable, such as `var_post_install`.
        public var variable: String

        /// `path:line: var_x is ignored; …`, without the value (it may be a secret).
        public var description: String {
            "\(path):\(line): \(variable) is ignored: an app catalog may set only "
                + ConfigKey.appDeclarableKeys.map(\.variableName).joined(separator: ", ")
                + "; ids, passwords, networks, storages, hooks and mounts come only from your own settings"
        }
    }

    /// The profile ConfigResolution layers these defaults with.
    public func profile() throws(ConfigError) -> AppProfile {
        try AppProfile(name: name, declaredDefaults: declaredDefaults, appKeys: appKeys, scriptPath: scriptPath,
                       declarationLines: declarationLines)
    }
}

/// Apps in community-scripts' layout (`ct/<app>.sh`, `install/<app>-install.sh`), read by a static parse:
/// the scripts are never executed. Base OSes (`debian`, `ubuntu`, `alpine`, ...) need no catalog.
public struct AppCatalog: Sendable {
    /// The catalog folder (holding `ct/`), if any.
    public let directory: String?
    private let readFile: @Sendable (String) -> String?

    /// A catalog in `directory`; `readFile` is the file-system seam.
    public init(directory: String?, readFile: (@Sendable (String) -> String?)? = nil) {
        self.directory = directory
        self.readFile = readFile ?? { try? String(contentsOfFile: $0, encoding: .utf8) }
    }

    /// The definition of `app`: a base OS, or `ct/<app>.sh` from the catalog.
    /// - Throws: ``BuildError``: 64 naming what was looked for; ``BuildExitCode/retiredApp`` with the script's own
    ///   notice when the app is retired (its script ends before it builds).
    public func definition(for app: String) throws(BuildError) -> AppDefinition {
        let id = app.lowercased()
        if let directory {
            let path = (directory as NSString).appendingPathComponent("ct/\(id).sh")
            if let text = readFile(path) {
                let definition = Self.definition(reading: text, path: path, id: id,
                                                 installScript: readFile((directory as NSString).appendingPathComponent("install/\(id)-install.sh")))
                if let notice = definition.retirementNotice {
                    throw BuildError(exitCode: BuildExitCode.retiredApp, message: "'\(app)' is retired in the app catalog (\(path)): \(notice)",
                                     hint: "The catalog no longer builds this app; nothing was created.")
                }
                return definition
            }
        }
        if let builtIn = Self.builtInDefinition(of: id) { return builtIn }
        let looked = directory.map { " and \($0)/ct/\(id).sh does not exist" } ?? "; give an app catalog with --catalog DIR"
        throw BuildError(
            exitCode: .usage,
            message: "'\(app)' is not a base OS (\(Self.baseOSVersions.keys.sorted().joined(separator: ", ")))\(looked)")
    }

    /// The definition `text` (the script at `path`) gives; `installScript` is the catalog's install script, if any.
    static func definition(reading text: String, path: String, id: String, installScript: String?) -> AppDefinition {
        let script = AppScript(reading: text)
        var definition = AppDefinition(
            name: script.name ?? id, declaredDefaults: script.defaults, isBaseOS: false,
            skipped: script.notUnderstood.map { "\(path):\($0.line): \($0.variable) is not understood (\($0.reason)); ignored" })
        definition.refused = script.refused.map { AppDefinition.RefusedDeclaration(path: path, line: $0.line, variable: $0.variable) }
        definition.appKeys = script.appKeys
        definition.scriptPath = path
        definition.declarationLines = script.lines
        definition.supportsARM64 = script.supportsARM64
        definition.retirementNotice = script.retirementNotice
        definition.hasInstallScript = installScript != nil
        return definition
    }
}
