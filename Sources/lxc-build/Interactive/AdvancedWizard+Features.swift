import ConfigResolution

/// Wizard steps with more than one question: nesting, APT cacher and proxy.
extension AdvancedWizard {
    func nesting(_ state: inout WizardState, _ title: String) -> StepResult {
        let result = askSwitch(.nesting, "\(title) · Nesting", "Enable nesting (needed by systemd and Docker)?",
                               state: &state)
        if result == .next, !state.isOn(.nesting), state[.os].lowercased() != "alpine" {
            prompter.show("Nesting off", "Without nesting, systemd in the container may run degraded and some "
                + "services fail with 243/CREDENTIALS.")
        }
        return result
    }

    func aptCacher(_ state: inout WizardState, _ title: String) -> StepResult {
        askEnabling("\(title) · APT Cacher-NG", "Use an APT Cacher-NG proxy?\n(App default: "
                        + "\(state.isOn(.aptCacher) ? "yes" : "no"))", enabled: state.isOn(.aptCacher), state: &state,
                    then: { state in
                        let result = ask(.aptCacherIP, "\(title) · APT Cacher-NG", "Cacher host or URL "
                                             + "(e.g. 192.168.1.10 or http://cache:3142)", state: &state)
                        if result == .next { state[.aptCacher] = state[.aptCacherIP].isEmpty ? "no" : "yes" }
                        return result
                    },
                    clear: { state in
                        state[.aptCacher] = "no"
                        state[.aptCacherIP] = ""
                    })
    }

    func proxy(_ state: inout WizardState, _ title: String) -> StepResult {
        askEnabling("\(title) · HTTP/HTTPS proxy", "Use an HTTP/HTTPS proxy in the container?",
                    enabled: !state[.httpProxy].isEmpty, state: &state,
                    then: { state in
                        while true {
                            guard ask(.httpProxy, "\(title) · HTTP/HTTPS proxy", "Proxy URL (http://host:port)",
                                      state: &state) == .next else { return .back }
                            let noProxy = state[.httpNoProxy].isEmpty ? ConfigKey.defaultNoProxy : state[.httpNoProxy]
                            if ask(.httpNoProxy, "\(title) · NO_PROXY", "Hosts that bypass the proxy", state: &state,
                                   defaultValue: noProxy) == .next { return .next }
                        }
                    },
                    clear: { state in
                        state[.httpProxy] = ""
                        state[.httpNoProxy] = ""
                    })
    }
}
