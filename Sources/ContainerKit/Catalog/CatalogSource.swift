import Foundation
import ProxmoxAPI

/// Where app definitions (`ct/<app>.sh`, `install/`, `misc/`) are read from: the one rule `create`, `plan`,
/// `update`, `apply` and the `config` commands share, and what a Swift tool uses to read a catalog as they do.
///
/// The catalog is the one given (`--catalog`), else the `LXC_BUILD_CATALOG` environment variable, else, for an app
/// that is not a base OS, community-scripts' repository (``CatalogFetcher/defaultURL``). A folder is read as it
/// is; a URL is fetched into a new temporary folder, trusting the system's CAs or `LXC_BUILD_CATALOG_CA_FILE` alone.
public struct CatalogSource: Sendable, Equatable {
    /// The environment variable naming a catalog folder or URL when no catalog is given.
    public static let environmentVariable = "LXC_BUILD_CATALOG"
    /// The environment variable naming the only CA a fetched catalog's server certificate may chain to.
    public static let caFileVariable = "LXC_BUILD_CATALOG_CA_FILE"

    /// Where a catalog is.
    public enum Location: Sendable, Equatable {
        /// A folder on this machine.
        case folder(String)
        /// An `http://` or `https://` URL of a catalog in community-scripts' layout.
        case url(String)
    }

    /// The catalog named, or `nil` for the default: none for a base OS, community-scripts' for an app.
    public let location: Location?
    /// Where ``location`` came from: `--catalog` (or the flag's name given) or `LXC_BUILD_CATALOG`.
    public let setting: String
    /// The CA file a fetched catalog is checked against, instead of the system's CAs.
    public let caFile: String?

    /// The source a flag's value and the environment describe; a folder must exist.
    /// - Throws: ``BuildError`` (64) naming the setting, the value and what is accepted.
    public init(catalog: String?, environment: [String: String], flagName: String = "--catalog") throws(BuildError) {
        let given = catalog ?? environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        setting = catalog != nil ? flagName : (given != nil ? Self.environmentVariable : flagName)
        caFile = environment[Self.caFileVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let given else {
            location = nil
            return
        }
        if given.hasPrefix("https://") || given.hasPrefix("http://") {
            location = .url(given)
            return
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: given, isDirectory: &isFolder), isFolder.boolValue else {
            throw BuildError(exitCode: BuildExitCode.usage,
                             message: "\(setting) \(BuildError.quoted(given)): no such folder (a folder with ct/<app>.sh, or an https:// URL)")
        }
        location = .folder(given)
    }

    /// A catalog ready to read, and whether it is a temporary copy the caller removes when done.
    public struct Folder: Sendable, Equatable {
        /// The folder with `ct/`, `install/` and `misc/`.
        public let path: String
        /// `true` for a catalog fetched into a new temporary folder.
        public let isTemporary: Bool
        /// Where the app was read from, for a progress line.
        public let origin: String
    }

    /// The folder to read `app` from, fetching it when the catalog is a URL; `nil` for a base OS with no catalog
    /// named. A misspelt base OS with no catalog named is refused before any network access (64, "did you mean").
    /// - Parameters:
    ///   - app: The app whose `ct/<app>.sh` is wanted (a base OS needs no catalog).
    ///   - optionalFiles: Files fetched when the catalog has them (`misc/build.func` for an update).
    /// - Throws: ``BuildError``: the misspelling (64), or the fetch's.
    public func folder(for app: String, optionalFiles: [String] = []) async throws(BuildError) -> Folder? {
        let url: String
        switch location {
        case .folder(let path)?:
            return Folder(path: path, isTemporary: false, origin: path)
        case .url(let given)?:
            url = given
        case nil:
            guard AppCatalog.baseOSVersions[app.lowercased()] == nil else { return nil }
            if let typo = AppCatalog.misspeltBaseOS(app) { throw typo }
            url = CatalogFetcher.defaultURL
        }
        var fetcher = CatalogFetcher(baseURL: url)
        if let caFile { fetcher.trust = .caFile(caFile) }
        fetcher.optionalFiles = optionalFiles
        return Folder(path: try await fetcher.fetch(app: app), isTemporary: true, origin: fetcher.baseURL)
    }

    /// The warnings an app's definition carries: lines of its script not taken, keys it may not set.
    public static func warnings(of definition: AppDefinition) -> [String] {
        definition.skipped + definition.refused.map(\.description)
    }
}
