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

extension CatalogSource {
    /// The path of the folder to read `app` from (``folder(for:optionalFiles:)``); `nil` for a base OS with no catalog
    /// named. A catalog fetched into a new temporary folder is handed to `fetched` (the caller removes it) and told to
    /// `announce` (`app X: read from URL`). What `create`, `update` and `health` read an app's scripts from.
    /// - Parameters:
    ///   - app: A base OS or an app of the catalog.
    ///   - optionalFiles: Files fetched when the catalog has them (`misc/build.func` for an update).
    ///   - fetched: Called with the temporary folder of a fetched catalog.
    ///   - announce: Hears where a fetched app was read from.
    /// - Throws: ``BuildError``: ``folder(for:optionalFiles:)``'s.
    public func path(for app: String, optionalFiles: [String] = [], fetched: (String) -> Void = { _ in },
                     announce: (String) -> Void = { _ in }) async throws(BuildError) -> String? {
        guard let folder = try await folder(for: app, optionalFiles: optionalFiles) else { return nil }
        if folder.isTemporary {
            fetched(folder.path)
            announce("app \(app): read from \(folder.origin)")
        }
        return folder.path
    }
}
