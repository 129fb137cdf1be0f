extension CatalogSource {
    /// The definition of `app` as `create` reads it: a base OS's built-in one when no catalog is named, else the
    /// catalog's `ct/<app>.sh` (``folder(for:optionalFiles:)``, fetched when the catalog is a URL).
    /// - Parameters:
    ///   - app: A base OS or an app of the catalog.
    ///   - fetched: Called with a catalog fetched into a new temporary folder, which the caller removes when done.
    /// - Throws: ``BuildError`` when the catalog cannot be read, has no such app, or the app is retired.
    public func definition(for app: String, fetched: (Folder) -> Void = { _ in }) async throws(BuildError) -> AppDefinition {
        let folder = try await folder(for: app)
        if let folder, folder.isTemporary { fetched(folder) }
        return try AppCatalog(directory: folder?.path).definition(for: app)
    }
}
