import ConfigResolution
import Foundation
import Testing

@testable import lxc_build

/// Derived values (keyctl, the host name) in the advanced wizard: kept to their rule unless answered.
@Suite("Derived values in the wizard")
struct WizardDerivedTests {
    let loader: ConfigLoader
    let app: AppProfile

    init() throws {
        loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try CLITests.temporaryDirectory()])
        app = try AppProfile(name: "debian", declaredDefaults: [.os: "debian", .version: "12"])
    }

    func run(_ script: [PromptAnswer?]) async throws -> (ResolvedConfiguration, [String], ScriptedPrompter) {
        let prompter = ScriptedPrompter(script)
        let choice = try await InteractiveSession(prompter: prompter, environment: [:])
            .decide(app: app, explicitMode: .advanced, loader: loader, commandLine: [])
        let resolved = try loader.resolve(mode: .advanced, app: app, commandLine: choice.commandLine, unset: choice.unset)
        return (resolved, choice.commandLine, prompter)
    }

    @Test("defaults everywhere: keyctl and the host name are no answers, they stay derived")
    func untouchedStayDerived() async throws {
        let (resolved, commandLine, _) = try await run([])
        #expect(!commandLine.contains { $0.hasPrefix("var_keyctl=") || $0.hasPrefix("var_hostname=") }, "\(commandLine)")
        #expect(resolved.text(.keyctl) == "1" && resolved[.keyctl].source == .derived(basis: "var_unprivileged=1"))
        #expect(resolved[.hostname].source == .derived(basis: "app debian"))
    }

    @Test("privileged in step 1: the keyctl question offers off (the rule for privileged), and off stays derived 0")
    func privilegedOffersRuleValue() async throws {
        let (resolved, commandLine, prompter) = try await run([.value("0")])
        let keyctl = try #require(prompter.asked.first { $0.title.hasSuffix("· Keyctl") })
        #expect(keyctl.text.contains("(App default: no)"))
        #expect(!commandLine.contains { $0.hasPrefix("var_keyctl=") })
        #expect(resolved.text(.keyctl) == "0" && resolved[.keyctl].source == .derived(basis: "var_unprivileged=0"))
    }

    @Test("a host name typed in the wizard is an answer like any other")
    func answeredHostname() async throws {
        let (resolved, commandLine, _) = try await run([nil, nil, nil, .value("web")])
        #expect(commandLine.contains("var_hostname=web"))
        #expect(resolved.text(.hostname) == "web" && resolved[.hostname].source == .commandLine)
    }
}
