import Testing
@testable import ConfigResolution

/// `--mode` over the `mode`/`MODE` variable over a command's own default, in ConfigResolution.
@Suite("InstallMode.chosen: --mode, else the mode variable, else the command's fallback")
struct InstallModeChoiceTests {
    @Test("the flag wins in any of build.func's spellings; the variable comes next; the fallback last")
    func precedence() throws {
        #expect(try InstallMode.chosen(flag: "2", environment: ["mode": "mydefaults"], fallback: .default) == .advanced)
        #expect(try InstallMode.chosen(flag: "USERDEFAULTS", environment: [:], fallback: .default) == .mydefaults)
        #expect(try InstallMode.chosen(flag: nil, environment: ["MODE": "appdefaults"], fallback: .default) == .appdefaults)
        #expect(try InstallMode.chosen(flag: nil, environment: ["mode": ""], fallback: .advanced) == .advanced)
        #expect(try InstallMode.chosen(flag: nil, environment: [:], fallback: .default) == .default)
    }

    @Test("an unknown --mode is refused naming the flag, the value and every mode; the variable's refusal names the variable")
    func refusals() {
        let flag = #expect(throws: ConfigError.self) { _ = try InstallMode.chosen(flag: "fast", environment: [:], fallback: .default) }
        #expect(flag?.code == .invalidMode)
        #expect(flag?.message == "--mode fast does not exist; accepted: default, advanced, mydefaults, appdefaults, generated (or 1-4)")
        let variable = #expect(throws: ConfigError.self) { _ = try InstallMode.chosen(flag: nil, environment: ["mode": "fast"], fallback: .default) }
        #expect(variable?.code == .invalidMode && variable?.message.hasPrefix("install mode \"fast\" does not exist") == true)
    }

    @Test("a spelling's name: 1 is default, 3 is mydefaults, an unknown spelling stays as typed")
    func names() {
        #expect(InstallMode.name(ofSpelling: "1") == "default")
        #expect(InstallMode.name(ofSpelling: "3") == "mydefaults")
        #expect(InstallMode.name(ofSpelling: "fast") == "fast")
    }
}
