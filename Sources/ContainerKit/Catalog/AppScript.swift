public import ConfigResolution
import Foundation

/// What a catalog's `ct/<app>.sh` declares, read statically (the script is never run): the top-level lines
/// bash would run before the build starts.
public struct AppScript: Sendable, Equatable {
    /// A `var_*` line, found at the top level, that was not taken.
    public struct Finding: Sendable, Equatable {
        /// The line number (1-based).
        public var line: Int
        /// The variable.
        public var variable: String
        /// Why it was not taken.
        public var reason: String
    }

    /// `APP="Name"`, when readable.
    public var name: String?
    /// Declared settings an app may set (`ConfigKey.isAppDeclarable`), as text.
    public var defaults: [ConfigKey: String] = [:]
    /// The app's own keys (`ConfigKey.isAppSpecificName(_:)`) with their declared defaults.
    public var appKeys: [String: String] = [:]
    /// The line declaring each variable that was taken.
    public var lines: [String: Int] = [:]
    /// Settings the script declares that an app may not set.
    public var refused: [Finding] = []
    /// `var_*` assignments in a form the reader does not understand, and declared control variables.
    public var notUnderstood: [Finding] = []
    /// `var_arm64`: `false` when the app says it does not run on arm64, `nil` when it does not say.
    public var supportsARM64: Bool?
    /// The notice of a retired app: the script ends (`exit`) before it builds (`start` / `build_container`).
    /// The script's own words, untrusted: control characters are escaped and the text is shortened.
    public var retirementNotice: String?

    /// Reads `text`.
    public init(reading text: String) {
        var reader = AppScriptReader()
        reader.read(text)
        self = reader.script
    }

    init() {}
}

/// The line-by-line reader behind ``AppScript``.
struct AppScriptReader {
    var script = AppScript()
    /// Brace depth of function bodies being skipped.
    private var functionDepth = 0
    /// A function header without its `{` was read: the body opens on a later line.
    private var awaitingBody = false
    /// Depth of `if`/`case`/loops at the top level: an `exit` inside is not the script's end.
    private var compoundDepth = 0
    private var buildStarted = false
    private var retired = false
    private var messages: [String] = []

    static let messageCommands: Set<String> = ["echo", "printf", "msg_error", "msg_warn", "msg_info", "msg_ok", "msg_custom"]
    static let buildCommands: Set<String> = ["start", "build_container"]
    static let noticeLimit = 800

    mutating func read(_ text: String) {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if skipsFunctionBody(line) { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let first = String(words.first ?? "")
            trackCompounds(first, line: line)
            if compoundDepth == 0, !buildStarted, !retired { noteTopLevel(first, line: line) }
            guard !buildStarted, !retired else { continue }
            if first.hasPrefix("APP=") { readName(line) }
            readAssignment(line, number: index + 1)
        }
    }

    /// Skips function definitions (`name() {` … `}`): their lines do not run when the script is read.
    private mutating func skipsFunctionBody(_ line: String) -> Bool {
        let opens = line.count { $0 == "{" }, closes = line.count { $0 == "}" }
        if functionDepth > 0 || awaitingBody {
            if awaitingBody, opens > 0 { awaitingBody = false }
            functionDepth = max(functionDepth + opens - closes, 0)
            return true
        }
        guard Self.isFunctionHeader(line) else { return false }
        functionDepth = max(opens - closes, 0)
        awaitingBody = opens == 0
        return true
    }

    /// `name() {…`, `name ()`, `function name {…`: the start of a function definition.
    static func isFunctionHeader(_ line: String) -> Bool {
        if line.hasPrefix("function ") || line.hasPrefix("function\t") { return true }
        var rest = Substring(line)
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "_:-".contains($0)) }
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        rest = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "(" else { return false }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard rest.first == ")" else { return false }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        return rest.isEmpty || rest.first == "{"
    }

    private mutating func trackCompounds(_ first: String, line: String) {
        if ["if", "case", "while", "for", "until", "select"].contains(first) { compoundDepth += 1 }
        let last = line.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\t" }).last.map(String.init)
        if ["fi", "esac", "done"].contains(first) || (["fi", "esac", "done"].contains(last ?? "") && first != last) {
            compoundDepth = max(compoundDepth - 1, 0)
        }
    }

    /// Top-level commands before the build: messages, the build itself, an `exit` that ends a retired stub.
    private mutating func noteTopLevel(_ first: String, line: String) {
        if Self.buildCommands.contains(first) {
            buildStarted = true
        } else if first == "exit" {
            retired = true
            let notice = messages.joined(separator: "\n")
            script.retirementNotice = Self.escaped(notice.isEmpty ? "the script exits before it builds a container" : notice)
        } else if Self.messageCommands.contains(first) {
            messages.append(messageText(line.dropFirst(first.count)))
        } else if !line.hasPrefix("var_"), !line.hasPrefix("export "), !line.hasPrefix("APP=") {
            messages = []
        }
    }

    /// The words of a message line, quotes removed and colour variables (`${RD}`) dropped; options such as
    /// `-e` left out.
    private func messageText(_ arguments: Substring) -> String {
        var text = ""
        var quote: Character?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let character = arguments[index]
            if let open = quote, character == open {
                quote = nil
            } else if quote == nil, character == "\"" || character == "'" {
                quote = character
            } else if character == "$", quote != "'", arguments[arguments.index(after: index)...].first == "{",
                      let close = arguments[index...].firstIndex(of: "}") {
                let name = arguments[arguments.index(index, offsetBy: 2)..<close]
                text += name == "APP" ? (script.name ?? "") : ""
                index = close
            } else {
                text.append(character)
            }
            index = arguments.index(after: index)
        }
        let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: false)
        return words.drop { $0.hasPrefix("-") && $0.count <= 3 }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// Control characters escaped (the text is untrusted and goes to a terminal), shortened.
    static func escaped(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars.prefix(noticeLimit) {
            let isLineBreak = scalar == "\n"
            shown += scalar.properties.generalCategory == .control && !isLineBreak ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return text.unicodeScalars.count > noticeLimit ? shown + "…" : shown
    }

    private mutating func readName(_ line: String) {
        guard let equals = line.firstIndex(of: "=") else { return }
        var word = AppScriptWord(variable: "APP", app: nil, nsapp: nil)
        guard let name = try? word.read(line[line.index(after: equals)...]), !name.isEmpty,
              !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              !name.contains(where: { "$`\\\"'".contains($0) }) else { return }
        script.name = name
    }

    private var nsapp: String? {
        script.name.map { $0.lowercased().filter { $0 != " " } }
    }

    /// A `var_*` assignment (`var_x=…`, `export var_x=…`), or a line that tries one.
    private mutating func readAssignment(_ line: String, number: Int) {
        var text = Substring(line)
        if text.hasPrefix("export ") { text = text.dropFirst(7).drop { $0 == " " || $0 == "\t" } }
        guard text.hasPrefix("var_") else { return }
        let nameEnd = text.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) } ?? text.endIndex
        let variable = String(text[..<nameEnd])
        guard compoundDepth == 0 else {
            note(number, variable, "inside an if, case or loop: whether it runs depends on the script's run")
            return
        }
        guard nameEnd < text.endIndex, text[nameEnd] == "=" else {
            // `var_x+=…`, `var_x[0]=…`, a bare `var_x` command: not an assignment the reader takes.
            note(number, variable, "not a plain assignment (var_x=VALUE)")
            return
        }
        if ConfigKey.controlVariables.contains(variable), variable != "var_arm64" {
            note(number, variable, "a build.func control variable, not a setting an app declares")
            return
        }
        if let key = ConfigKey(variableName: variable), !key.isAppDeclarable {
            script.refused.append(AppScript.Finding(line: number, variable: variable, reason: "not allowed from an app"))
            return
        }
        var word = AppScriptWord(variable: variable, app: script.name, nsapp: nsapp)
        let value: String
        do {
            value = try word.read(text[text.index(after: nameEnd)...])
        } catch {
            note(number, variable, error.reason)
            return
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            note(number, variable, "the value holds a control character")
            return
        }
        script.lines[variable] = number
        if variable == "var_arm64" {
            switch value.lowercased() {
            case "yes", "1", "true": script.supportsARM64 = true
            case "no", "0", "false": script.supportsARM64 = false
            default: note(number, variable, "not yes or no")
            }
        } else if let key = ConfigKey(variableName: variable) {
            script.defaults[key] = key == .tags ? Self.tags(value) : value
        } else {
            script.appKeys[variable] = value
        }
    }

    /// build.func splits tags at `;` and drops empty ones: `media;` is the tag `media`.
    static func tags(_ value: String) -> String {
        value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ";")
    }

    private mutating func note(_ line: Int, _ variable: String, _ reason: String) {
        script.notUnderstood.append(AppScript.Finding(line: line, variable: variable, reason: reason))
    }
}
