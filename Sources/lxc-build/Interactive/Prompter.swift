/// An answer to one prompt: a value, or the user went back (whiptail's Cancel/Back button, Esc, or `<` typed at
/// a plain prompt).
enum PromptAnswer: Sendable, Hashable {
    /// The chosen menu tag, the typed text, or `yes`/`no` for a yes/no question.
    case value(String)
    /// Back one step (Cancel on the first screen).
    case back

    /// The value, or `nil` for ``back``.
    var text: String? {
        if case .value(let text) = self { text } else { nil }
    }
}

/// One item of a menu: the tag returned when it is chosen and the text shown next to it.
struct MenuItem: Sendable, Hashable {
    /// Returned as the answer (whiptail's tag column).
    var tag: String
    /// Shown next to the tag.
    var label: String
}

/// Asks the questions of the menus and the wizard.
///
/// Two implementations: ``TerminalPrompter`` (whiptail when installed, plain numbered prompts otherwise) and,
/// for tests, a scripted prompter. Every question has a default, taken when the user presses Enter or gives no
/// answer within the prompter's timeout; nothing waits forever.
protocol Prompter: Sendable {
    /// A menu (whiptail `--menu`, or `--radiolist` when `radio` is set); answers the chosen item's tag.
    func menu(_ title: String, _ text: String, items: [MenuItem], defaultTag: String, radio: Bool) -> PromptAnswer
    /// A text box pre-filled with `defaultValue` (whiptail `--inputbox`, or `--passwordbox` when `secret`).
    func input(_ title: String, _ text: String, defaultValue: String, secret: Bool) -> PromptAnswer
    /// A yes/no question (whiptail `--yesno`); answers `yes` or `no`. `buttons` renames Yes and No.
    func yesNo(_ title: String, _ text: String, defaultYes: Bool, buttons: (yes: String, no: String)?) -> PromptAnswer
    /// Shows a message or a long text (whiptail `--msgbox` / `--scrolltext`) until acknowledged or timed out.
    func show(_ title: String, _ text: String)
}

extension Prompter {
    /// A menu with the default look.
    func menu(_ title: String, _ text: String, items: [MenuItem], defaultTag: String) -> PromptAnswer {
        menu(title, text, items: items, defaultTag: defaultTag, radio: false)
    }

    /// A plain text box.
    func input(_ title: String, _ text: String, defaultValue: String) -> PromptAnswer {
        input(title, text, defaultValue: defaultValue, secret: false)
    }

    /// A yes/no question with the usual buttons.
    func yesNo(_ title: String, _ text: String, defaultYes: Bool) -> PromptAnswer {
        yesNo(title, text, defaultYes: defaultYes, buttons: nil)
    }
}
