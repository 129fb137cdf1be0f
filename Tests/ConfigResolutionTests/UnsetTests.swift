@testable import ConfigResolution
import Testing

/// An explicit unset on the command line (`--unset`, a value cleared in the advanced wizard).
@Suite("Explicit unset")
struct UnsetTests {
    let host = Host(global: "var_ns=10.0.0.53\n", appFile: "var_vlan=20\nvar_mtu=1400\n",
                    environment: ["var_mtu": "9000", "var_searchdomain": "lab.example"])

    @Test("an unset key hides every lower layer's value and records them as removed, with the command line as source")
    func hidesLowerLayers() throws {
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app(),
                                               unset: ["mtu", "var_vlan", "ns", "var_searchdomain"])
        for key in [ConfigKey.mtu, .vlan, .nameserver, .searchDomain] {
            #expect(resolved[key].value == nil)
            #expect(resolved[key].isCleared)
            #expect(resolved[key].source == .commandLine)
        }
        #expect(resolved[.mtu].overridden.map(\.value) == [.integer(9000), .integer(1400)])
        #expect(resolved[.mtu].overridden.map(\.source.layer) == [.environment, .appFile])
        #expect(resolved[.mtu].description == "var_mtu= (flag, unset)")
        #expect(!resolved[.cpu].isCleared)
    }

    @Test("a key both assigned and unset on the command line keeps the assigned value")
    func assignmentWins() throws {
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app(), commandLine: ["var_vlan=30"],
                                               unset: ["vlan"])
        #expect(resolved.integer(.vlan) == 30)
        #expect(!resolved[.vlan].isCleared && resolved[.vlan].source == .commandLine)
    }

    @Test("an unset decides only from its own layer: a higher layer's value still wins over it")
    func precedenceInIsolation() throws {
        let validator = SettingValidator()
        let high = try ConfigLayer.commandLine(["var_mtu=1500"], validator: validator)
        let clearing = ConfigLayer(kind: .environment, values: [:], cleared: [.mtu: .environment, .vlan: .environment])
        let low = ConfigLayer(kind: .appFile, values: [
            .mtu: LayerValue(value: .integer(1400), source: .appFile(path: "/a.vars", line: 1)),
            .vlan: LayerValue(value: .integer(20), source: .appFile(path: "/a.vars", line: 2)),
        ])
        let resolved = try ResolvedConfiguration(mode: .advanced, app: nil, layers: [low, clearing, high])
        #expect(resolved.integer(.mtu) == 1500 && !resolved[.mtu].isCleared)
        #expect(resolved[.vlan].value == nil && resolved[.vlan].isCleared && resolved[.vlan].source == .environment)
        #expect(resolved[.vlan].overridden.map(\.value) == [.integer(20)])
    }

    @Test("a layer cannot both supply and unset a key: the value stays")
    func layerValueBeatsItsOwnUnset() {
        let layer = ConfigLayer(kind: .commandLine, values: [.cpu: LayerValue(value: .integer(2), source: .commandLine)],
                                cleared: [.cpu: .commandLine, .ram: .commandLine])
        #expect(layer.cleared == [.ram: .commandLine])
    }

    @Test("an unknown name to unset is refused, naming --unset and the accepted keys")
    func unknownKey() {
        #expect {
            _ = try ConfigLayer.commandLine([], unset: ["colour"])
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.code == .unknownKey && error.message.contains("--unset colour: not a setting") && error.message.contains("var_mtu")
        }
    }

    @Test("unset keys are left out when saving app defaults, and the diff shows them removed")
    func savedWithoutUnsetKeys() throws {
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app(), unset: ["vlan"])
        #expect(!AppDefaultsWriter.entries(of: resolved).contains { $0.key == .vlan })
        let diff = try host.loader.appDefaultsDiff(for: resolved)
        #expect(diff.description.contains("- var_vlan"))
    }
}
