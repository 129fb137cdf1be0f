import ConfigResolution
import Foundation
import Testing

@testable import lxc_build

/// Clearing a preset value in the advanced wizard unsets it, whatever layer supplied it.
@Suite("Clearing values in the wizard")
struct WizardUnsetTests {
    let loader: ConfigLoader
    let app: AppProfile

    init() throws {
        let defaults = try CLITests.temporaryDirectory()
        loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": defaults, "var_mtu": "9000", "var_vlan": "20",
                                            "var_ns": "10.1.0.53", "var_searchdomain": "lab.example"])
        app = try AppProfile(name: "debian", declaredDefaults: [.cpu: "1", .ram: "512", .disk: "4", .os: "debian", .version: "12"])
    }

    /// Steps 1-8 (8 questions), IPv4 (DHCP: one), IPv6, then MTU, search domain, DNS server, MAC, VLAN.
    func script(mtu: String?, searchDomain: String?, nameserver: String?, vlan: String?) -> [PromptAnswer?] {
        Array(repeating: nil, count: 10) + [mtu, searchDomain, nameserver, nil, vlan].map { $0.map(PromptAnswer.value) }
    }

    @Test("blanking preset MTU, VLAN and DNS server unsets them: resolved without a value, the command line as source")
    func clearedValuesAreUnset() async throws {
        let prompter = ScriptedPrompter(script(mtu: "", searchDomain: nil, nameserver: "", vlan: ""))
        let session = InteractiveSession(prompter: prompter, environment: [:])
        let choice = try await session.decide(app: app, explicitMode: .advanced, loader: loader,
                                        commandLine: ["var_vlan=30"])  // a given --set is cleared too
        #expect(Set(choice.wizard?.cleared ?? []) == [.mtu, .vlan, .nameserver])
        #expect(!choice.commandLine.contains { $0.hasPrefix("var_vlan=") || $0.hasPrefix("var_mtu=") })
        let resolved = try loader.resolve(mode: .advanced, app: app, commandLine: choice.commandLine, unset: choice.unset)
        for key in [ConfigKey.mtu, .vlan, .nameserver] {
            #expect(resolved[key].value == nil && resolved[key].isCleared && resolved[key].source == .commandLine)
        }
        #expect(resolved.text(.searchDomain) == "lab.example")
        #expect(resolved[.mtu].overridden.map(\.value) == [.integer(9000)])
    }

    @Test("a key given with --unset starts empty in the wizard; answering it sets it again")
    func unsetGivenThenAnswered() async throws {
        let prompter = ScriptedPrompter(script(mtu: "1400", searchDomain: nil, nameserver: nil, vlan: nil))
        let session = InteractiveSession(prompter: prompter, environment: [:])
        let choice = try await session.decide(app: app, explicitMode: .advanced, loader: loader, commandLine: [],
                                        unset: ["mtu", "var_vlan"])
        #expect(prompter.asked.first { $0.title.hasSuffix("· MTU") }?.defaultValue == "")
        #expect(prompter.asked.first { $0.title.hasSuffix("· VLAN") }?.defaultValue == "")
        #expect(choice.unset == ["var_vlan"])
        let resolved = try loader.resolve(mode: .advanced, app: app, commandLine: choice.commandLine, unset: choice.unset)
        #expect(resolved.integer(.mtu) == 1400)
        #expect(resolved[.vlan].isCleared)
        #expect(AdvancedWizard.summaryText(WizardState(values: [.vlan: ""]), appName: "debian").contains("VLAN: none"))
    }
}
