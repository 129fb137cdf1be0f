@testable import ConfigResolution
import Testing

/// `var_pw` is used exactly as given or refused with build.func's rules (no spaces, at least 5 characters, no
/// leading dash build.func would remove); it is never trimmed or otherwise changed without a word.
@Suite("Password rules")
struct PasswordRuleTests {
    @Test("a password with spaces is refused from the command line and the environment, named and masked, never trimmed",
          arguments: [" spaced pw ", "Spaced-Pw-17 ", " Spaced-Pw-17", "two words"])
    func spacesRefused(_ password: String) throws {
        let fromFlag = #expect(throws: ConfigError.self) {
            try Host().loader.resolve(mode: .default, app: nil, commandLine: ["pw=\(password)"])
        }
        #expect(fromFlag?.code == .invalidValue)
        #expect(fromFlag?.message.contains("var_pw=\"********\" (flag): contains a space") == true, "\(fromFlag?.message ?? "")")
        #expect(fromFlag?.message.contains("no spaces") == true, "the accepted values: \(fromFlag?.message ?? "")")
        let fromEnvironment = #expect(throws: ConfigError.self) {
            try Host(environment: ["var_pw": password]).loader.resolve(mode: .default, app: nil)
        }
        #expect(fromEnvironment?.message.contains("var_pw=\"********\" (env)") == true, "\(fromEnvironment?.message ?? "")")
        #expect(fromEnvironment?.message.contains("pw ") == false && fromEnvironment?.message.contains("Pw-17") == false)
    }

    @Test("from a .vars file a password with spaces stops the resolution (skipping it would leave no password), never trimmed")
    func spacesInFile() throws {
        let error = #expect(throws: ConfigError.self) {
            try Host(global: "var_pw=' spaced pw '\n").loader.resolve(mode: .mydefaults, app: nil)
        }
        let message = error?.message ?? ""
        #expect(message.contains("var_pw=\"********\"") && message.contains("contains a space"), "\(message)")
        #expect(!message.contains("spaced"))
    }

    @Test("too short, or a leading dash build.func would remove: refused with the reason; otherwise used as given")
    func lengthAndDashes() throws {
        let short = #expect(throws: ConfigError.self) {
            try Host(environment: ["var_pw": "abcd"]).loader.resolve(mode: .default, app: nil)
        }
        #expect(short?.message.contains("fewer than 5 characters") == true, "\(short?.message ?? "")")
        let dashed = #expect(throws: ConfigError.self) {
            try Host(environment: ["var_pw": "-Secret-Pw"]).loader.resolve(mode: .default, app: nil)
        }
        #expect(dashed?.message.contains("starts with '-'") == true, "\(dashed?.message ?? "")")
        #expect(dashed?.message.contains("Secret-Pw") == false)
        for given in ["Secret-Pw1", "p,w=x;$(id)`id`", "ab-cd-", "--password Secret-Pw1"] {
            let resolved = try Host(environment: ["var_pw": given]).loader.resolve(mode: .default, app: nil)
            #expect(resolved.text(.password) == (given.hasPrefix("--password ") ? "Secret-Pw1" : given))
        }
    }
}
