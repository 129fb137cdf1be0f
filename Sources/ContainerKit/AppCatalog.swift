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
    /// Lines of the script that were not understood, for warnings.
    public var skipped: [String]
    /// Keys the script declares that an app may not set (`ConfigKey.isAppDeclarable`): ignored, each with a
    /// warning naming the file and line.
    public var refused: [RefusedDeclaration] = []

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
                + "; ids, passwords, networks, storages and host-side actions come only from your own settings"
        }
    }

    /// The profile ConfigResolution layers these defaults with.
    public func profile() throws(ConfigError) -> AppProfile {
        try AppProfile(name: name, declaredDefaults: declaredDefaults)
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

    /// Base OSes and the version build.func's scripts for them declare.
    public static let baseOSVersions: [String: String] = [
        "debian": "13", "ubuntu": "24.04", "alpine": "3.22", "fedora": "42", "rocky": "9", "centos": "9",
    ]

    /// The definition of `app`: a base OS, or `ct/<app>.sh` from the catalog.
    /// - Throws: ``BuildError`` (64) naming what was looked for.
    public func definition(for app: String) throws(BuildError) -> AppDefinition {
        let id = app.lowercased()
        if let directory {
            let path = (directory as NSString).appendingPathComponent("ct/\(id).sh")
            if let text = readFile(path) {
                let parsed = Self.parseScript(text)
                var definition = AppDefinition(
                    name: parsed.name ?? id, declaredDefaults: parsed.defaults, isBaseOS: false, skipped: parsed.skipped)
                definition.refused = parsed.refused.map { AppDefinition.RefusedDeclaration(path: path, line: $0.line, variable: $0.variable) }
                return definition
            }
        }
        if let version = Self.baseOSVersions[id] {
            return AppDefinition(name: id, declaredDefaults: [.os: id, .version: version], isBaseOS: true, skipped: [])
        }
        let looked = directory.map { " and \($0)/ct/\(id).sh does not exist" } ?? "; give an app catalog with --catalog DIR"
        throw BuildError(
            exitCode: 64,
            message: "'\(app)' is not a base OS (\(Self.baseOSVersions.keys.sorted().joined(separator: ", ")))\(looked)")
    }

    /// Reads `APP="Name"` and every `var_x="${var_x:-VALUE}"` line. Values with command substitution or
    /// other expansions are not taken; unknown keys are skipped; keys an app may not set
    /// (`ConfigKey.isAppDeclarable`) are refused with their line number.
    public static func parseScript(_ text: String)
        -> (name: String?, defaults: [ConfigKey: String], skipped: [String], refused: [(line: Int, variable: String)])
    {
        var name: String?
        var defaults: [ConfigKey: String] = [:]
        var skipped: [String] = []
        var refused: [(line: Int, variable: String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if let match = line.wholeMatch(of: #/APP="([^"$`\\]*)"/#) {
                if !Self.hasControlCharacters(match.1) { name = String(match.1) }
                continue
            }
            guard let match = line.wholeMatch(of: #/(var_[a-z0-9_]+)="\$\{([a-z0-9_]+):-([^"]*)\}"/#), match.1 == match.2 else { continue }
            let value = String(match.3)
            guard let key = ConfigKey(variableName: String(match.1)) else {
                skipped.append(line)
                continue
            }
            guard key.isAppDeclarable else {
                refused.append((index + 1, key.variableName))
                continue
            }
            if value.contains("$") || value.contains("`") || value.contains("\\") || Self.hasControlCharacters(value) {
                skipped.append(line)
                continue
            }
            defaults[key] = value
        }
        return (name, defaults, skipped, refused)
    }

    private static func hasControlCharacters(_ text: Substring) -> Bool {
        text.unicodeScalars.contains(where: CharacterSet.controlCharacters.union(.newlines).contains)
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        hasControlCharacters(text[...])
    }
}
