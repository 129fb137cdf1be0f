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
        #"var_os="${var_os:-debian}""#, #"var_version="${var_version:-12}""#, #"var_tags="${var_tags:-web;db}""#,
        #"var_hostname="${var_hostname:-demo}""#, #"var_unprivileged="${var_unprivileged:-1}""#,
    ]
    static let hostile = [
        "$(touch /tmp/pwned)", "`id`", ";rm -rf /", ",", "=", "\\", "\"", "${HOME}", "\n", "\r", "\u{0}", "é", "a,b=c",
        "}", "${", "-", ":-", "var_", "APP=", " ", "\t", "999999999999999999999",
    ]

    @Test("random and hostile app scripts never crash the reader, and nothing it accepts carries an expansion or a quote")
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
            let parsed = AppCatalog.parseScript(text)
            for value in parsed.defaults.values {
                #expect(!value.contains { "$`\\\"\n\r".contains($0) }, "accepted \(value.debugDescription)")
            }
            if let name = parsed.name { #expect(!name.contains { "$`\\\"\n\r".contains($0) }) }
            accepted += parsed.defaults.count
            // Whatever the reader accepts still goes through the settings' own validation.
            let script = text
            let catalog = AppCatalog(directory: "/catalog") { path in path == "/catalog/ct/demo.sh" ? script : nil }
            if let app = try? catalog.definition(for: "demo"), let profile = try? app.profile() {
                let layer = ConfigLayer.app(profile)
                for (key, setting) in layer.values {
                    let value = setting.value.canonicalText
                    #expect(!value.contains { ",=$`\n".contains($0) }, "\(key): \(value.debugDescription)")
                }
            }
        }
        #expect(accepted > 0)
    }
}
