extension ConfigLoader {
    /// What `plan` and `create` say about the mode: `install mode default`, and for each `.vars` file that exists
    /// but that mode does not read, that it was not used and which modes read it (build.func users expect their
    /// `default.vars` to count; in Default mode it does not).
    public func modeNote(mode: InstallMode, app: AppProfile?) -> String {
        var note = "install mode \(mode.rawValue)"
        var unused: [(path: String, readBy: String)] = []
        if !mode.fileLayers.contains(.globalFile), let global = try? globalFile() {
            unused.append((global.path, "mydefaults, appdefaults or advanced"))
        }
        if !mode.fileLayers.contains(.appFile), let app, let file = try? appDefaultsFile(for: app) {
            unused.append((file.path, "appdefaults or advanced"))
        }
        for file in unused {
            note += "; \(file.path) was not used (--mode \(file.readBy) reads it)"
        }
        return note
    }
}
