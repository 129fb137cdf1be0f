extension InstallMode {
    /// Whether a create may ask questions (build.func's rules): not when only answers are wanted (`--yes`, `--json`),
    /// not with a mode given on the command line (`--mode`), and not when ``isUnattended(mode:environment:standardInputIsTerminal:)``
    /// says so for the environment's mode (`mode=`), `PHS_SILENT=1`, `var_unattended` or a standard input that is not a
    /// terminal.
    /// - Parameters:
    ///   - answersOnly: `--yes` or `--json` was given.
    ///   - modeFlag: The `--mode` value, if any.
    ///   - environment: The process environment.
    ///   - standardInputIsTerminal: Whether standard input is a terminal.
    public static func asksQuestions(answersOnly: Bool, modeFlag: String?, environment: [String: String],
                                     standardInputIsTerminal: Bool) -> Bool {
        guard !answersOnly, modeFlag == nil else { return false }
        return isAttended(environment: environment, standardInputIsTerminal: standardInputIsTerminal)
    }

    /// Whether the install-mode menus may be shown: as ``asksQuestions(answersOnly:modeFlag:environment:standardInputIsTerminal:)``,
    /// except that `--mode advanced` (build.func's interactive mode) on a terminal goes straight to the wizard.
    /// - Parameters:
    ///   - answersOnly: `--yes` or `--json` was given.
    ///   - modeFlag: The `--mode` value, if any.
    ///   - environment: The process environment.
    ///   - standardInputIsTerminal: Whether standard input is a terminal.
    public static func showsMenus(answersOnly: Bool, modeFlag: String?, environment: [String: String],
                                  standardInputIsTerminal: Bool) -> Bool {
        guard !answersOnly else { return false }
        if let modeFlag { return InstallMode(spelling: modeFlag) == .advanced && standardInputIsTerminal }
        return isAttended(environment: environment, standardInputIsTerminal: standardInputIsTerminal)
    }

    /// Not unattended by the environment's rules; a `mode=` that is not a mode counts as none.
    private static func isAttended(environment: [String: String], standardInputIsTerminal: Bool) -> Bool {
        let mode = try? fromEnvironment(environment)
        return !isUnattended(mode: mode ?? nil, environment: environment, standardInputIsTerminal: standardInputIsTerminal)
    }
}
