import Foundation

/// The whiptail dialogs, as build.func calls them: Cancel is labelled Back, Esc also goes back.
extension TerminalPrompter {
    /// How a whiptail run ended.
    enum WhiptailOutcome {
        /// OK or Yes (exit 0), with what whiptail wrote to standard error.
        case accepted(String)
        /// Cancel/No (exit 1).
        case declined
        /// Esc (exit 255).
        case escaped
        /// No terminal, or no answer within the timeout (whiptail is then stopped).
        case noAnswer
    }

    func whiptailMenu(_ whiptail: String, _ title: String, _ text: String, items: [MenuItem], defaultTag: String,
                      radio: Bool) -> PromptAnswer {
        // Names from the server (bridges, storages) are shown escaped; the chosen tag is mapped back.
        let shown = TerminalText.escaped
        var arguments = ["--title", shown(title), "--cancel-button", "Back"]
        arguments += radio ? ["--radiolist", shown(text), "20", "78", "10"]
            : ["--default-item", shown(defaultTag), "--menu", shown(text), "20", "78", "10"]
        for item in items {
            arguments += [shown(item.tag), shown(item.label)]
            if radio { arguments.append(item.tag == defaultTag ? "ON" : "OFF") }
        }
        switch runWhiptail(whiptail, arguments) {
        case .accepted(let tag):
            return .value(tag.isEmpty ? defaultTag : items.first { shown($0.tag) == tag }?.tag ?? tag)
        case .declined, .escaped: return .back
        case .noAnswer: return .value(defaultTag)
        }
    }

    func whiptailInput(_ whiptail: String, _ title: String, _ text: String, defaultValue: String,
                       secret: Bool) -> PromptAnswer {
        // A secret never goes on whiptail's command line (other users see it in the process list): the box
        // starts empty, Enter on it keeps the value already set and "-" clears it.
        let keepsSecret = secret && !defaultValue.isEmpty
        let shown = keepsSecret ? text + "\n(Enter keeps the value already set; - clears it.)" : text
        let box = secret ? "--passwordbox" : "--inputbox"
        let arguments = ["--title", TerminalText.escaped(title), "--cancel-button", "Back", box, TerminalText.escaped(shown), "11", "72",
                         secret ? "" : defaultValue]
        switch runWhiptail(whiptail, arguments) {
        case .accepted(let value) where keepsSecret: return .value(value.isEmpty ? defaultValue : value == "-" ? "" : value)
        case .accepted(let value): return .value(value)
        case .declined, .escaped: return .back
        case .noAnswer: return .value(defaultValue)
        }
    }

    func whiptailYesNo(_ whiptail: String, _ title: String, _ text: String, defaultYes: Bool,
                       buttons: (yes: String, no: String)?) -> PromptAnswer {
        var arguments = ["--title", TerminalText.escaped(title)]
        if let buttons { arguments += ["--yes-button", TerminalText.escaped(buttons.yes), "--no-button", TerminalText.escaped(buttons.no)] }
        if !defaultYes { arguments.append("--defaultno") }
        arguments += ["--yesno", TerminalText.escaped(text), "14", "72"]
        switch runWhiptail(whiptail, arguments) {
        case .accepted: return .value("yes")
        case .declined: return .value("no")
        case .escaped: return .back
        case .noAnswer: return .value(defaultYes ? "yes" : "no")
        }
    }

    /// Runs whiptail on `/dev/tty` (it draws there and writes the answer to standard error), stopping it after
    /// ``timeout``.
    func runWhiptail(_ whiptail: String, _ arguments: [String]) -> WhiptailOutcome {
        guard let outcome = TerminalProcess.run(whiptail, ["--backtitle", backTitle] + arguments, timeout: timeout),
              let status = outcome.status else { return .noAnswer }
        switch status {
        case 0: return .accepted(outcome.errorOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        case 1: return .declined
        default: return .escaped
        }
    }
}
