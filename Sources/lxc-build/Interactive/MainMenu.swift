import ConfigResolution

/// build.func's main menu (`install_script`'s "Community-Scripts Options"): the install mode, or the settings menu.
struct MainMenu {
    /// Asks the questions.
    var prompter: any Prompter
    /// The app being installed.
    var app: AppProfile
    /// Where the `.vars` files are.
    var locations: ConfigLocations
    /// Opens a file in the user's editor (the settings menu's edit items).
    var edit: (String) -> Void

    /// Whether the app's defaults file exists (the App Defaults item appears only then).
    var appFileExists: Bool {
        locations.appDefaultsFileExists(for: app)
    }

    /// The items, numbered as build.func numbers them: Settings is 4, or 5 after App Defaults.
    var items: [MenuItem] {
        var items = [
            MenuItem(tag: "1", label: "Default Install"), MenuItem(tag: "2", label: "Advanced Install"),
            MenuItem(tag: "3", label: "User Defaults"),
        ]
        if appFileExists { items.append(MenuItem(tag: "4", label: "App Defaults for \(app.name)")) }
        items.append(MenuItem(tag: String(items.count + 1), label: "Settings"))
        return items
    }

    /// Shows the menu until a mode is chosen; `nil` when the user cancels (build.func: "User exited script").
    func run() -> InstallMode? {
        while true {
            let items = items
            guard let tag = prompter.menu("Community-Scripts Options",
                                          "What should lxc-build do for \(app.name)?", items: items, defaultTag: "1").text
            else { return nil }
            if tag == items.last?.tag {
                SettingsMenu(prompter: prompter, app: app, locations: locations, edit: edit).run()
                continue
            }
            switch tag {
            case "1": return .default
            case "2": return .advanced
            case "3": return .mydefaults
            default: return .appdefaults
            }
        }
    }
}
