import ConfigResolution

/// The wizard's question kinds: a checked text box and a yes/no switch.
extension AdvancedWizard {
    /// Asks for `key` in a text box pre-filled with its current value, re-asking with the rule's message until
    /// the answer passes; an empty answer leaves the setting unset. `transform` prepares the text (e.g. removes
    /// spaces) before the check.
    func ask(_ key: ConfigKey, _ title: String, _ text: String, state: inout WizardState, secret: Bool = false,
             defaultValue: String? = nil, transform: (String) -> String = { $0 }) -> StepResult {
        var current = defaultValue ?? state[key]
        while true {
            guard let answer = prompter.input(title, text, defaultValue: current, secret: secret).text else { return .back }
            let prepared = transform(answer)
            do {
                state[key] = try validator.value(for: key, from: prepared)?.canonicalText ?? ""
                return .next
            } catch {
                prompter.show("Invalid value", "\(key.variableName): \(error.reason).\nAccepted: \(key.acceptedValues)")
                current = answer
            }
        }
    }

    /// Asks a yes/no question for a switch, defaulting to its current state and naming it ("App default: X").
    func askSwitch(_ key: ConfigKey, _ title: String, _ question: String, state: inout WizardState) -> StepResult {
        let current = state.isOn(key)
        let text = "\(question)\n(App default: \(current ? "yes" : "no"))"
        guard let answer = prompter.yesNo(title, text, defaultYes: current).text else { return .back }
        state[key] = (try? validator.value(for: key, from: answer)?.canonicalText) ?? answer
        return .next
    }

    /// Asks a yes/no question and, on yes, `then` (whose Back returns to the question); on no, `clear` runs.
    func askEnabling(_ title: String, _ question: String, enabled: Bool, state: inout WizardState,
                     then: (inout WizardState) -> StepResult, clear: (inout WizardState) -> Void) -> StepResult {
        var defaultYes = enabled
        while true {
            guard let answer = prompter.yesNo(title, question, defaultYes: defaultYes).text else { return .back }
            guard answer == "yes" else {
                clear(&state)
                return .next
            }
            if then(&state) == .next { return .next }
            defaultYes = true
        }
    }
}
