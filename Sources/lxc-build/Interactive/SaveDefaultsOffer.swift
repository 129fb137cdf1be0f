import ConfigResolution

/// After an advanced install, the offer to save the settings as the app's defaults (build.func's
/// `maybe_offer_save_app_defaults`, in its words and order): a yes/no when the file is new; with an existing file,
/// nothing when there is no difference, else the menu Update Defaults / Keep Current / View Diff / Cancel.
struct SaveDefaultsOffer {
    /// Asks the questions.
    var prompter: any Prompter
    /// Reads and writes the app's file.
    var loader: ConfigLoader

    /// Offers to save `configuration`; answers what happened, in one line for the output.
    func run(_ configuration: ResolvedConfiguration) -> String {
        do throws(ConfigError) {
            let diff = try loader.appDefaultsDiff(for: configuration)
            let name = configuration.app?.name ?? "the app"
            if !diff.fileExists {
                let text = "Save these advanced settings as defaults for \(name)?\n\nThis will create:\n\(diff.path)"
                guard prompter.yesNo("Save app defaults", text, defaultYes: false).text == "yes" else {
                    return "App defaults not saved"
                }
                return try save(configuration)
            }
            guard diff.hasDifferences else { return "App defaults for \(name) unchanged (no differences)" }
            let items = [MenuItem(tag: "update", label: "Update Defaults"), MenuItem(tag: "keep", label: "Keep Current"),
                         MenuItem(tag: "diff", label: "View Diff"), MenuItem(tag: "cancel", label: "Cancel")]
            while true {
                switch prompter.menu("APP DEFAULTS – \(name)", "Differences found in \(diff.path).", items: items,
                                     defaultTag: "update").text {
                case "update": return try save(configuration)
                case "diff": prompter.show("Diff – \(name)", diff.description)
                default: return "App defaults kept: \(diff.path)"
                }
            }
        } catch {
            return "App defaults not saved: \(error.message)"
        }
    }

    private func save(_ configuration: ResolvedConfiguration) throws(ConfigError) -> String {
        let result = try loader.saveAppDefaults(configuration)
        return result.didWrite ? "Saved app defaults: \(result.path) (mode 0\(String(result.permissions, radix: 8)))"
            : "App defaults unchanged: \(result.path)"
    }
}
