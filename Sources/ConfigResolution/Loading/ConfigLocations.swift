/// Where build.func keeps its `.vars` files (`/usr/local/community-scripts`), with the base folder overridable.
public struct ConfigLocations: Sendable, Hashable {
    /// build.func's base folder.
    public static let standardBaseDirectory = "/usr/local/community-scripts"
    /// The environment variable that replaces the base folder.
    public static let baseDirectoryVariable = "LXC_BUILD_DEFAULTS_DIR"

    /// The base folder: `$LXC_BUILD_DEFAULTS_DIR`, else `/usr/local/community-scripts`.
    public let baseDirectory: String
    /// The places searched for the global file, in order; the first that exists is used.
    public let globalFileCandidates: [String]

    /// Locations for the given environment (`LXC_BUILD_DEFAULTS_DIR`, `HOME`) and working folder.
    public init(environment: [String: String], currentDirectory: String) {
        let override = environment[Self.baseDirectoryVariable].map { $0.trimmingWhitespace() } ?? ""
        let base = override.isEmpty ? Self.standardBaseDirectory : override
        baseDirectory = base.count > 1 && base.hasSuffix("/") ? String(base.dropLast()) : base
        var candidates = [baseDirectory + "/default.vars"]
        if let home = environment["HOME"], !home.isEmpty {
            candidates.append(home + "/.config/community-scripts/default.vars")
        }
        candidates.append((currentDirectory.hasSuffix("/") ? currentDirectory : currentDirectory + "/")
            + "default.vars")
        globalFileCandidates = candidates
    }

    /// The global file's canonical place (where a new one is created).
    public var canonicalGlobalFile: String {
        baseDirectory + "/default.vars"
    }

    /// The folder holding app defaults files.
    public var appDefaultsDirectory: String {
        baseDirectory + "/defaults"
    }

    /// The app defaults file of `app`: `<base>/defaults/<identifier>.vars`.
    public func appDefaultsFile(for app: AppProfile) -> String {
        appDefaultsDirectory + "/" + app.identifier + ".vars"
    }
}
