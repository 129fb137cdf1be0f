import ArgumentParser
import ContainerKit
import Foundation

/// Where an app's `ct/<app>.sh` is read from, for `create`, `plan` and the `config` commands alike.
enum CatalogSource {
    /// The catalog folder to read: `catalog` as it is when it is a folder; a URL (or, for an app that is not a
    /// base OS, community-scripts' catalog) fetched into a temporary folder that goes when the process exits;
    /// `nil` for a base OS without a catalog. `announce` hears where the app was read from.
    static func folder(catalog: String?, app: String, environment: [String: String], optionalFiles: [String] = [],
                       announce: (String) -> Void) async throws -> String? {
        if let catalog, !catalog.hasPrefix("https://") && !catalog.hasPrefix("http://") { return catalog }
        guard catalog != nil || AppCatalog.baseOSVersions[app.lowercased()] == nil else { return nil }
        var fetcher = CatalogFetcher(baseURL: catalog ?? CatalogFetcher.defaultURL)
        if let caFile = environment["LXC_BUILD_CATALOG_CA_FILE"] { fetcher.trust = .caFile(caFile) }
        fetcher.optionalFiles = optionalFiles
        let folder = try await fetcher.fetch(app: app)
        TemporaryFolders.shared.add(folder)
        announce("app \(app): read from \(fetcher.baseURL)")
        return folder
    }

    /// Checks `--catalog`: an existing folder or an http(s) URL.
    static func validate(_ catalog: String?) throws {
        guard let catalog, !catalog.hasPrefix("https://"), !catalog.hasPrefix("http://") else { return }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: catalog, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("--catalog \(OptionChecks.shown(catalog)): no such folder (a folder with ct/<app>.sh, or an https:// URL)")
        }
    }

    /// The warnings an app's definition carries: lines of its script not taken, keys it may not set.
    static func warnings(of definition: AppDefinition) -> [String] {
        definition.skipped + definition.refused.map(\.description)
    }
}

/// `--catalog` for the `config` commands.
struct CatalogOption: ParsableArguments {
    @Option(help: "App catalog in community-scripts' layout (ct/<app>.sh): a folder or an https:// URL (default: community-scripts' repository for an app that is not a base OS, as create reads it). [environment: LXC_BUILD_CATALOG_CA_FILE trusts a private catalog's CA]")
    var catalog: String?

    func validate() throws {
        try CatalogSource.validate(catalog)
    }
}
