/// Reads the value of one bash assignment (`NAME=WORD`) the way bash expands it, without running anything.
///
/// Understood: unquoted text, `'…'`, `"…"` (with bash's backslash escapes), `\x` outside quotes,
/// `${NAME:-WORD}` / `${NAME-WORD}` / `${NAME:=WORD}` / `${NAME=WORD}` where `NAME` is the variable being
/// assigned (the value is then `WORD`: the default the other layers may replace), and `$APP`, `${APP}`,
/// `$NSAPP`, `${NSAPP}` (the app's name and identifier). Anything else that bash would expand or run
/// (command substitution, arithmetic, other variables, operators) makes the word unreadable, with a reason.
struct AppScriptWord {
    /// Why a word could not be read.
    struct Unreadable: Error, Equatable {
        /// What was found, in words.
        let reason: String
    }

    /// The variable being assigned (its own `${NAME:-…}` is the default form).
    let variable: String
    /// `$APP`'s value, if the script declared one before.
    let app: String?
    /// `$NSAPP`'s value, if known.
    let nsapp: String?

    private var characters: [Character] = []
    private var position = 0

    init(variable: String, app: String?, nsapp: String?) {
        self.variable = variable
        self.app = app
        self.nsapp = nsapp
    }

    /// The value of the word at the start of `text`, and what follows it on the line (a comment or nothing).
    /// - Throws: ``Unreadable`` for a form bash would expand or run, or text after the word that is another
    ///   command.
    mutating func read(_ text: Substring) throws(Unreadable) -> String {
        characters = Array(text)
        position = 0
        var value = ""
        while let character = peek() {
            if character == " " || character == "\t" { break }
            position += 1
            switch character {
            case "'": value += try singleQuoted()
            case "\"": value += try doubleQuoted()
            case "\\":
                if let next = peek() { value.append(next); position += 1 }
            case "$": value += try expansion(inDoubleQuotes: false)
            case "`": throw Unreadable(reason: "command substitution (`…`)")
            case ";", "|", "&", "<", ">", "(", ")":
                throw Unreadable(reason: "'\(character)' makes the line more than one assignment")
            default: value.append(character)
            }
        }
        // After the word: blanks, then nothing or a comment.
        while let character = peek(), character == " " || character == "\t" { position += 1 }
        if let character = peek(), character != "#" {
            throw Unreadable(reason: "text after the value ('\(character)…') is another command")
        }
        return value
    }

    private func peek(_ offset: Int = 0) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    private mutating func singleQuoted() throws(Unreadable) -> String {
        var text = ""
        while let character = peek() {
            position += 1
            if character == "'" { return text }
            text.append(character)
        }
        throw Unreadable(reason: "a ' is never closed")
    }

    private mutating func doubleQuoted() throws(Unreadable) -> String {
        var text = ""
        while let character = peek() {
            position += 1
            switch character {
            case "\"": return text
            case "\\": text += backslashInDoubleQuotes()
            case "$": text += try expansion(inDoubleQuotes: true)
            case "`": throw Unreadable(reason: "command substitution (`…`)")
            default: text.append(character)
            }
        }
        throw Unreadable(reason: "a \" is never closed")
    }

    /// Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline; elsewhere it stays.
    private mutating func backslashInDoubleQuotes() -> String {
        guard let next = peek() else { return "\\" }
        guard "$`\"\\".contains(next) else { return "\\" }
        position += 1
        return String(next)
    }

    /// After a `$`: the expansion's value, or ``Unreadable``.
    private mutating func expansion(inDoubleQuotes: Bool) throws(Unreadable) -> String {
        guard let next = peek() else { return "$" }
        if next == "(" { throw Unreadable(reason: "command substitution or arithmetic ($(…))") }
        if next == "{" {
            position += 1
            return try braced(inDoubleQuotes: inDoubleQuotes)
        }
        guard next.isLetter || next == "_" else {
            if next.isNumber || "@*#?$!-".contains(next) { throw Unreadable(reason: "a special parameter ($\(next))") }
            return "$"
        }
        var name = ""
        while let character = peek(), character.isLetter || character.isNumber || character == "_", character.isASCII {
            name.append(character)
            position += 1
        }
        return try known(name)
    }

    private func known(_ name: String) throws(Unreadable) -> String {
        switch name {
        case "APP":
            guard let app else { throw Unreadable(reason: "$APP is used before APP=\"…\" is declared") }
            return app
        case "NSAPP":
            guard let nsapp else { throw Unreadable(reason: "$NSAPP is used before APP=\"…\" is declared") }
            return nsapp
        default: throw Unreadable(reason: "it expands another variable ($\(name))")
        }
    }

    /// After `${`: `NAME}`, or this variable's own `NAME:-WORD}` (and `-`, `:=`, `=`), whose value is `WORD`.
    private mutating func braced(inDoubleQuotes: Bool) throws(Unreadable) -> String {
        var name = ""
        while let character = peek(), character.isASCII, character.isLetter || character.isNumber || character == "_" {
            name.append(character)
            position += 1
        }
        guard !name.isEmpty, let next = peek() else { throw Unreadable(reason: "an expansion bash would not read (${…)") }
        position += 1
        if next == "}" { return try known(name) }
        var operation = String(next)
        if next == ":", let second = peek() {
            operation.append(second)
            position += 1
        }
        guard [":-", "-", ":=", "="].contains(operation) else {
            throw Unreadable(reason: "the expansion ${\(name)\(operation)…} is not a default (${\(name):-…})")
        }
        guard name == variable else {
            throw Unreadable(reason: "the default comes from another variable (${\(name)\(operation)…})")
        }
        return try defaultWord(inDoubleQuotes: inDoubleQuotes)
    }

    /// The `WORD` of `${NAME:-WORD}` up to its closing `}`: inside double quotes a `'` is kept as it is; outside,
    /// quotes are removed as in any word.
    private mutating func defaultWord(inDoubleQuotes: Bool) throws(Unreadable) -> String {
        var text = ""
        while let character = peek() {
            position += 1
            switch character {
            case "}": return text
            case "\\": text += inDoubleQuotes ? backslashInDoubleQuotes() : escapedOutsideQuotes()
            case "$": text += try expansion(inDoubleQuotes: inDoubleQuotes)
            case "`": throw Unreadable(reason: "command substitution (`…`)")
            case "\"": text += try doubleQuoted()
            case "'" where !inDoubleQuotes: text += try singleQuoted()
            default: text.append(character)
            }
        }
        throw Unreadable(reason: "a ${ is never closed")
    }

    private mutating func escapedOutsideQuotes() -> String {
        guard let next = peek() else { return "" }
        position += 1
        return String(next)
    }
}
