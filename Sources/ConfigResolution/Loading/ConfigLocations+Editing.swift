extension ConfigLocations {
    /// Whether `app`'s defaults file exists (build.func's main menu offers App Defaults, and its settings menu the
    /// app file, only then).
    /// - Parameters:
    ///   - app: The app.
    ///   - fileSystem: Where the file is looked for (this machine's files by default).
    public func appDefaultsFileExists(for app: AppProfile, in fileSystem: any ConfigFileSystem = LocalConfigFileSystem()) -> Bool {
        exists(appDefaultsFile(for: app), in: fileSystem)
    }

    /// The global file the settings menu edits: the first of ``globalFileCandidates`` that exists, else
    /// ``canonicalGlobalFile``.
    /// - Parameter fileSystem: Where the files are looked for (this machine's files by default).
    public func globalFileToEdit(in fileSystem: any ConfigFileSystem = LocalConfigFileSystem()) -> String {
        globalFileCandidates.first { exists($0, in: fileSystem) } ?? canonicalGlobalFile
    }

    /// ``globalFileToEdit(in:)``, created empty (mode 0644, its folder too) when it does not exist yet, so an editor
    /// opens the file lxc-build reads.
    /// - Parameter fileSystem: Where the file is (this machine's files by default).
    /// - Returns: The file's path.
    /// - Throws: The file system's error when the file cannot be created.
    public func prepareGlobalFileForEditing(in fileSystem: any ConfigFileSystem = LocalConfigFileSystem()) throws -> String {
        let path = globalFileToEdit(in: fileSystem)
        if !exists(path, in: fileSystem) { try fileSystem.writeAtomically(.init(), to: path, permissions: 0o644) }
        return path
    }

    private func exists(_ path: String, in fileSystem: any ConfigFileSystem) -> Bool {
        ((try? fileSystem.status(of: path)) ?? nil) != nil
    }
}
