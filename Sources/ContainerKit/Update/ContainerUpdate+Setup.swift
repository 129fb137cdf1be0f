extension ContainerUpdate.Options {
    /// These options set up from the environment as `lxc-build update` sets them up, in one call: checked
    /// (``validate()``); `var_ignore_os_mismatch` read (``readEnvironment(_:)``); the catalog (`catalog`, else
    /// `LXC_BUILD_CATALOG`, else community-scripts', as ``CatalogSource`` decides) taken as a folder, or fetched per app
    /// once the container's notes name it (``fetchCatalog``, with `misc/build.func`); the log folder of a failed
    /// update (``RunLog/folder(environment:isRoot:)``) checked before anything changes; the redactor from the
    /// environment's secrets (``Redactor/init(environment:)``); stopped containers started for their update.
    /// - Parameters:
    ///   - environment: The process's environment.
    ///   - catalog: The catalog given (`--catalog`: a folder or a URL), `nil` for the environment's or the default.
    ///   - checkOnly: For `update --check`, which reads only and writes no log: the log folder is not checked.
    ///   - announce: Hears where a fetched app was read from (`app demo: read from https://...`).
    ///   - fetchedFolder: Hears each temporary folder a catalog is fetched into; the caller removes it when done (the
    ///     command line at its exit).
    /// - Returns: The options ready for ``ContainerUpdate``, ``FleetUpdate`` or ``UpdateCheck``.
    /// - Throws: ``BuildError`` (64): what ``validate()`` refuses, a `var_ignore_os_mismatch` that is not yes/no, a
    ///   catalog folder that does not exist, a log folder lxc-build will not write into; each names the setting and
    ///   its value.
    public func prepared(
        environment: [String: String], catalog: String?, checkOnly: Bool = false, announce: @escaping @Sendable (String) -> Void = { _ in },
        fetchedFolder: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(BuildError) -> ContainerUpdate.Options {
        try validate()
        var options = self
        try options.readEnvironment(environment)
        let source = try CatalogSource(catalog: catalog, environment: environment)
        if case .folder(let folder)? = source.location {
            options.catalogDirectory = folder
        } else {
            options.fetchCatalog = { app throws(BuildError) in
                try await source.path(for: app, optionalFiles: ["misc/build.func"], fetched: fetchedFolder, announce: announce)
            }
        }
        options.logDirectory = RunLog.folder(environment: environment)
        if !checkOnly {
            do throws(LogFileError) {
                try LogFile.prepareFolder(options.logDirectory, origin: RunLog.folderOrigin(environment: environment))
            } catch {
                throw error.buildError
            }
        }
        options.redactor = Redactor(environment: environment)
        options.startStopped = true
        return options
    }
}
