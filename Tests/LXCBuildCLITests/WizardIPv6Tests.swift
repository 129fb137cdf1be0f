import ConfigResolution
import Foundation
import Testing

@testable import lxc_build

/// Step 10, a static IPv6 address: checked by the rule `--ipv6-address` and `--ipv6-gateway` follow, so what the wizard
/// takes is what create accepts.
@Suite("The wizard's static IPv6 address and gateway")
struct WizardIPv6Tests {
    @Test("an address without a prefix and a gateway with one are asked again; the corrected ones are the result")
    func staticAddress() throws {
        let loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try CLITests.temporaryDirectory()])
        let app = try AppProfile(name: "debian", declaredDefaults: [.cpu: "1", .ram: "512", .disk: "4", .os: "debian", .version: "12"])
        // Steps 1-8 and IPv4 (DHCP) take their defaults; then IPv6 static, two tries each.
        let prompter = ScriptedPrompter(Array(repeating: nil, count: 9)
            + [.value("static"), .value("fd00::5"), .value("fd00::5/64"), .value("fd00::1/64"), .value("fd00::1")])
        let wizard = AdvancedWizard(prompter: prompter, validator: loader.validator, context: WizardContext(), appName: "debian")
        let result = try #require(wizard.run(from: try loader.resolve(mode: .advanced, app: app)))
        #expect(result.ipv6Address == "fd00::5/64" && result.ipv6Gateway == "fd00::1")
        let refusals = prompter.asked.filter { $0.title == "Invalid value" }.map(\.text)
        #expect(refusals == ["Not an IPv6 address with a prefix (fd00::5/64).", "Not an IPv6 address without a prefix (fd00::1)."])
    }
}
