import ArgumentParser
import ContainerKit

extension CatalogSource {
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
