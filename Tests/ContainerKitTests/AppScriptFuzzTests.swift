import ConfigResolution
import Foundation
import LXCBuildTestSupport
import Testing
@testable import ContainerKit

/// The static read of a catalog's `ct/<app>.sh` (the script is never run) under hostile and random text.
@Suite("Fuzzing the app script reader")
struct AppScriptFuzzTests {
    static let lines = [
        #"APP="Demo""#, #"var_cpu="${var_cpu:-2}""#, #"var_ram="${var_ram:-2048}""#, #"var_disk="${var_disk:-8}""#,
        #"var_os="${var_os:-debian}""#, #"var_version="${var_version:-12}""#, #"var_tags="${var_tags:-web;db;}""#,
        #"var_hostname="${var_hostname:-demo}""#, #"var_unprivileged="${var_unprivileged:-1}""#,
        #"var_arm64="${var_arm64:-no}""#, #"export var_runner_token="""#, #"var_version_pin="${NSAPP}-1.2""#,
        "var_nesting=1 # comment", "var_fuse='no'", #"var_label="${var_label:-'${APP}'}""#,
        "update_script() {", "  exit 1", "}", #"msg_error "retired""#, "start", "exit 1",
    ]
    static let hostile = [
        "$(touch /tmp/pwned)", "`id`", ";rm -rf /", ",", "=", "\\", "\"", "'", "${HOME}", "\n", "\r", "\u{0}", "é",
        "a,b=c", "}", "${", "-", ":-", "var_", "APP=", " ", "\t", "999999999999999999999", "#", "export ", "${NSAPP}",
        "$APP", "{", "if true; then", "fi",
    ]

    /// The line without its single-quoted parts and its comment: what bash could still expand or run.
    static func outsideSingleQuotes(_ line: Substring) -> String {
        var text = ""
        var inSingle = false, inDouble = false, escaped = false
        var previous: Character = " "
        for character in line {
            defer { previous = character }
            if escaped { escaped = false; text.append(character); continue }
            if inSingle {
                if character == "'" { inSingle = false }
                continue
            }
            if character == "\\" { escaped = true; text.append(character); continue }
            if character == "'", !inDouble { inSingle = true; continue }
            if character == "\"" { inDouble.toggle() }
            if character == "#", !inDouble, previous == " " || previous == "\t" { break }
            text.append(character)
        }
        return text
    }

    @Test("random and hostile app scripts never crash the reader; nothing taken came from a line bash would expand a command in")
    func reader() {
        var random = FuzzSettings.generator(11)
        let rounds = FuzzSettings.rounds(2_000)
        var accepted = 0
        for _ in 0..<rounds {
            var text = Self.lines.shuffled(using: &random).joined(separator: "\n")
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let fragment = Self.hostile.randomElement(using: &random)!
                let offset = Int.random(in: 0...text.count, using: &random)
                text.insert(contentsOf: fragment, at: text.index(text.startIndex, offsetBy: offset))
            }
            let parsed = AppScript(reading: text)
            let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            for (variable, number) in parsed.lines {
                let line = Self.outsideSingleQuotes(lines[number - 1])
                #expect(!line.contains("$(") && !line.contains("`"), "\(variable) taken from line \(number): \(line.debugDescription)")
            }
            for value in Array(parsed.defaults.values) + Array(parsed.appKeys.values) {
                #expect(!value.unicodeScalars.contains { $0.properties.generalCategory == .control }, "accepted \(value.debugDescription)")
            }
            if let name = parsed.name { #expect(!name.contains { "$`\\\"\n\r".contains($0) }) }
            if let notice = parsed.retirementNotice {
                #expect(!notice.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
            }
            accepted += parsed.defaults.count + parsed.appKeys.count
            // Whatever the reader accepts still goes through the settings' own validation.
            let script = text
            let catalog = AppCatalog(directory: "/catalog") { path in path == "/catalog/ct/demo.sh" ? script : nil }
            if let app = try? catalog.definition(for: "demo"), let profile = try? app.profile() {
                let layer = ConfigLayer.app(profile)
                for (key, setting) in layer.values {
                    let value = setting.value.canonicalText
                    #expect(!value.contains { ",=$`\n".contains($0) }, "\(key): \(value.debugDescription)")
                }
                #expect(Set(layer.appValues.keys).isSubset(of: Set(profile.appKeys.keys)))
            }
        }
        #expect(accepted > 0)
    }
}
