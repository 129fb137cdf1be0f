import Foundation

/// Asks on the terminal: with `whiptail` when it is installed (the dialogs PVE users know), with plain numbered
/// prompts otherwise.
///
/// Plain prompts take Enter for the default, `<` to go back and, in text boxes, `-` to clear the value. Every
/// question times out after ``timeout`` and then takes its default.
struct TerminalPrompter: Prompter {
    /// How long one question waits.
    var timeout: Duration = .seconds(60)
    /// The whiptail executable; `nil` uses plain prompts.
    var whiptail: String? = TerminalChooser.whiptail
    /// The back title of the whiptail screens, e.g. the step counter.
    var backTitle = "lxc-build"

    private var io: TerminalIO { TerminalIO(timeout: timeout) }

    func menu(_ title: String, _ text: String, items: [MenuItem], defaultTag: String, radio: Bool) -> PromptAnswer {
        if let whiptail { return whiptailMenu(whiptail, title, text, items: items, defaultTag: defaultTag, radio: radio) }
        let defaultIndex = items.firstIndex { $0.tag == defaultTag } ?? 0
        var prompt = "\n── \(title) ──\n\(text)\n"
        for (index, item) in items.enumerated() { prompt += "  \(index + 1)) \(item.label)\n" }
        prompt += "Choose [1-\(items.count)], < back (default \(defaultIndex + 1), \(timeout.components.seconds) s): "
        while true {
            guard let answer = io.readLine(prompt), !answer.isEmpty else { return .value(items[defaultIndex].tag) }
            if answer == "<" { return .back }
            if let number = Int(answer), items.indices.contains(number - 1) { return .value(items[number - 1].tag) }
            if let item = items.first(where: { $0.tag.lowercased() == answer.lowercased() }) { return .value(item.tag) }
            io.write("\"\(answer)\" is not one of the choices.\n")
        }
    }

    func input(_ title: String, _ text: String, defaultValue: String, secret: Bool) -> PromptAnswer {
        if let whiptail { return whiptailInput(whiptail, title, text, defaultValue: defaultValue, secret: secret) }
        let shown = secret ? (defaultValue.isEmpty ? "" : "********") : defaultValue
        let prompt = "\n── \(title) ──\n\(text)\n[\(shown)] (Enter keeps it, - clears, < back): "
        guard let answer = io.readLine(prompt, secret: secret), !answer.isEmpty else { return .value(defaultValue) }
        switch answer {
        case "<": return .back
        case "-": return .value("")
        default: return .value(answer)
        }
    }

    func yesNo(_ title: String, _ text: String, defaultYes: Bool, buttons: (yes: String, no: String)?) -> PromptAnswer {
        if let whiptail { return whiptailYesNo(whiptail, title, text, defaultYes: defaultYes, buttons: buttons) }
        let choices = buttons.map { "y = \($0.yes), n = \($0.no)" } ?? "y/n"
        let prompt = "\n── \(title) ──\n\(text)\n[\(choices)] (default \(defaultYes ? "y" : "n"), < back): "
        while true {
            guard let answer = io.readLine(prompt)?.lowercased(), !answer.isEmpty else { return .value(defaultYes ? "yes" : "no") }
            switch answer {
            case "<": return .back
            case "y", "yes": return .value("yes")
            case "n", "no": return .value("no")
            default: io.write("Answer y or n.\n")
            }
        }
    }

    func show(_ title: String, _ text: String) {
        if let whiptail {
            // A scrolling box takes the focus from Ok (Enter would not close it), so only a long text scrolls.
            let scrolls = text.split(separator: "\n", omittingEmptySubsequences: false).count > 18
            _ = runWhiptail(whiptail, ["--title", title] + (scrolls ? ["--scrolltext"] : []) + ["--msgbox", text, "24", "78"])
            return
        }
        _ = io.readLine("\n── \(title) ──\n\(text)\n(Enter to continue) ")
    }
}
