import ConfigResolution
import Foundation
import HostProbe

/// The user left the menus (build.func: "User exited script", exit 0).
struct UserExited: Error {}

/// What the menus decided for one `create` run.
struct InteractiveChoice: Sendable {
    /// The install mode to resolve the settings with.
    var mode: InstallMode
    /// The command-line assignments, the wizard's answers after the given ones.
    var commandLine: [String]
    /// The settings to unset: the given `--unset` ones the wizard did not answer, and those it cleared.
    var unset: [String] = []
    /// The wizard's answers, when it ran.
    var wizard: WizardResult?
}

/// The attended part of `create`: the main menu (unless a mode was given), the advanced wizard, and after the
/// build the offer to save app defaults.
struct InteractiveSession: Sendable {
    /// Asks the questions.
    var prompter: any Prompter
    /// The process environment (`EDITOR`).
    var environment: [String: String]
    /// Bridges and CA certificates for the wizard.
    var context = WizardContext()
    /// Completes ``context`` when the wizard is about to run (e.g. from the API: ids in use, the node's bridges).
    var loadContext: (@Sendable (WizardContext) async -> WizardContext)?
    /// Called with a password the user typed, so the build log masks it.
    var addSecret: @Sendable (String) -> Void = { _ in }

    /// Shows the main menu when `explicitMode` is `nil`, then the wizard for the advanced mode. `commandLine` and
    /// `unset` are the given `--set` assignments and `--unset` names.
    /// - Throws: ``UserExited`` when the user cancels; ``ConfigError`` when the settings cannot be resolved.
    func decide(app: AppProfile, explicitMode: InstallMode?, loader: ConfigLoader, commandLine: [String],
                unset: [String] = []) async throws -> InteractiveChoice {
        let editor = EditorLauncher(environment: environment)
        let mode = explicitMode ?? MainMenu(prompter: prompter, app: app, locations: loader.locations, edit: editor.edit).run()
        guard let mode else { throw UserExited() }
        guard mode == .advanced else { return InteractiveChoice(mode: mode, commandLine: commandLine, unset: unset) }
        let start = try loader.resolve(mode: .advanced, app: app, commandLine: commandLine, unset: unset)
        func choice(_ result: WizardResult) -> InteractiveChoice {
            let settings = CommandLineSettings(assignments: commandLine, unset: unset)
                .overlaid(answers: result.assignments, cleared: result.cleared)
            return InteractiveChoice(mode: mode, commandLine: settings.assignments, unset: settings.unset, wizard: result)
        }
        let context = await loadContext?(self.context) ?? self.context
        let wizard = AdvancedWizard(prompter: prompter, validator: loader.validator, context: context, appName: app.name) {
            result in
            let decided = choice(result)
            do throws(ConfigError) {
                _ = try loader.resolve(mode: .advanced, app: app, commandLine: decided.commandLine, unset: decided.unset)
                return nil
            } catch {
                return error.description
            }
        }
        guard let result = wizard.run(from: start) else { throw UserExited() }
        if let password = result.assignments.first(where: { $0.hasPrefix("var_pw=") }) { addSecret(String(password.dropFirst(7))) }
        return choice(result)
    }

    /// The offer to save app defaults after an advanced install; answers what happened.
    func offerSave(_ configuration: ResolvedConfiguration, loader: ConfigLoader) -> String {
        SaveDefaultsOffer(prompter: prompter, loader: loader).run(configuration)
    }

    /// The wizard's menus from this machine when it is the node: bridges from the interfaces files and SDN
    /// vnets, root's SSH public keys (build.func's search), CA certificates from
    /// `/usr/local/share/ca-certificates`. Empty elsewhere (the bridge is typed).
    static func localContext() -> WizardContext {
        var context = WizardContext()
        let fileSystem = LocalFileSystem()
        context.bridges = Bridge.declared(in: fileSystem).bridges.map { ($0.name, $0.comment, $0.kind == .sdnVNet) }
        context.hostKeys = SSHKeySearch.keys(in: fileSystem)
        context.hostCACount = LocalCACertificates.files(in: fileSystem).count
        return context
    }
}
