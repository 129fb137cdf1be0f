import ArgumentParser
import ContainerKit
import Foundation

extension CatalogSource {
    /// The folder to read `app` from (``CatalogSource/folder(for:optionalFiles:)``, with `--catalog` or
    /// `LXC_BUILD_CATALOG`); a fetched catalog is removed when the process exits. `announce` hears where a fetched
    /// app was read from.
    static func folder(catalog: String?, app: String, environment: [String: String], optionalFiles: [String] = [],
                       announce: (String) -> Void) async throws -> String? {
        let source = try CatalogSource(catalog: catalog, environment: environment)
        guard let folder = try await source.folder(for: app, optionalFiles: optionalFiles) else { return nil }
        if folder.isTemporary {
            TemporaryFolders.shared.add(folder.path)
            announce("app \(app): read from \(folder.origin)")
        }
        return folder.path
    }

    /// Checks `--catalog` when the command line is parsed: an existing folder or an http(s) URL.
    static func validate(_ catalog: String?) throws {
        do throws(BuildError) {
            _ = try CatalogSource(catalog: catalog, environment: [:])
        } catch {
            throw ValidationError(error.message)
        }
    }
}

/// `--catalog`, the same in every command that reads the app catalog (`create`, `plan`, `apply`, `update`, `health`,
/// `config`).
struct CatalogOption: ParsableArguments {
    @Option(help: "App catalog in community-scripts' layout (ct/<app>.sh, misc/build.func): a folder or an https:// URL (default: LXC_BUILD_CATALOG, else community-scripts' repository; a base OS needs none). [environment: LXC_BUILD_CATALOG_CA_FILE trusts a private catalog's CA]")
    var catalog: String?

    func validate() throws {
        try CatalogSource.validate(catalog)
    }
}
