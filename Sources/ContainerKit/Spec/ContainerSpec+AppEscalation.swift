import ConfigResolution

extension ContainerSpec {
    /// Refuses, before anything is asked of Proxmox VE, a build whose app asks for more than the built-in container
    /// (``appEscalations``) when ``refusesAppEscalations`` (`var_app_escalation=refuse`): the message names each
    /// escalation with its script line and how to allow it.
    /// - Throws: ``BuildError`` (64, a setting that does not fit).
    public func checkAppEscalations() throws(BuildError) {
        guard refusesAppEscalations, !appEscalations.isEmpty else { return }
        let policy = sources[ConfigKey.appEscalation.variableName].map { " (\($0))" } ?? ""
        let own = appEscalations.map { "--set \($0.key.variableName)=\($0.value)" }.joined(separator: " ")
        throw BuildError(
            exitCode: BuildExitCode.usage,
            message: "var_app_escalation=refuse\(policy): \(app)'s script asks for more than the built-in container; "
                + "nothing was created: " + appEscalations.map(\.description).joined(separator: "; "),
            hint: "To allow it, give the value yourself, which makes it your choice rather than the app's (\(own), or the "
                + "same in the environment, a .vars file or a stack file), or set var_app_escalation=allow.")
    }
}
