import ConfigResolution
import Foundation

/// build.func's settings menu (the main menu's Settings item): edit the global `default.vars` or the app's defaults
/// file with `$EDITOR`, then back to the main menu. (build.func's telemetry item has no counterpart: lxc-build sends no
/// telemetry.)
struct SettingsMenu {
    /// Asks the questions.
    var prompter: any Prompter
    /// The app being installed.
    var app: AppProfile
    /// Where the `.vars` files are.
    var locations: ConfigLocations
    /// Opens a file in the user's editor.
    var edit: (String) -> Void

    /// The global file to edit (``ConfigLocations/globalFileToEdit(in:)``).
    var globalFile: String {
        locations.globalFileToEdit()
    }

    /// Shows the menu until Back (or a timeout, which takes Back).
    func run() {
        let appFile = locations.appDefaultsFile(for: app)
        while true {
            var items = [MenuItem(tag: "1", label: "Edit Default.vars")]
            if locations.appDefaultsFileExists(for: app) {
                items.append(MenuItem(tag: "2", label: "Edit App.vars for \(app.name)"))
            }
            items.append(MenuItem(tag: "back", label: "Back to Main Menu"))
            switch prompter.menu("Settings", "Files: \(globalFile) and \(appFile)", items: items, defaultTag: "back").text {
            case "1":
                edit((try? locations.prepareGlobalFileForEditing()) ?? globalFile)
            case "2": edit(appFile)
            default: return
            }
        }
    }
}

/// Runs `${EDITOR:-nano}` (vi when nano is missing) on the terminal for one file.
struct EditorLauncher {
    /// The process environment (for `EDITOR`; the editor runs with the process environment).
    var environment: [String: String]

    /// Opens `path` and waits for the editor to exit.
    func edit(_ path: String) {
        let editor = environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/nano") ? "nano" : "vi")
        // On the terminal in lxc-build's process group, so the editor may read it; no time limit.
        _ = TerminalProcess.run("/bin/sh", ["-c", editor + " \"$1\"", "sh", path], captureErrors: false, timeout: nil)
    }
}
