@testable import ConfigResolution
import Testing

@Suite("Install modes")
struct ModeTests {
    let host = Host(global: "var_vlan=30\n", appFile: "var_mtu=9000\n", environment: ["var_ssh": "yes"])

    @Test("Each mode reads exactly its files", arguments: [
        (InstallMode.default, false, false), (.generated, false, false), (.mydefaults, true, false),
        (.appdefaults, true, true), (.advanced, true, true),
    ])
    func fileLayers(mode: InstallMode, readsGlobal: Bool, readsApp: Bool) throws {
        let resolved = try host.loader.resolve(mode: mode, app: try Host.app())
        #expect((resolved.integer(.vlan) == 30) == readsGlobal)
        #expect((resolved.integer(.mtu) == 9000) == readsApp)
        #expect(resolved.isEnabled(.ssh) == true)
        #expect(resolved.mode == mode)
    }

    @Test("App Defaults mode without an app file fails; Advanced mode does not need one")
    func missingAppFile() throws {
        let bare = Host(global: "var_vlan=30\n")
        #expect {
            _ = try bare.loader.resolve(mode: .appdefaults, app: try Host.app())
        } throws: { ($0 as? ConfigError)?.code == .missingAppDefaults }
        #expect(try bare.loader.resolve(mode: .advanced, app: try Host.app()).integer(.vlan) == 30)
    }

    @Test("build.func's mode spellings are understood", arguments: [
        ("1", InstallMode.default), ("DEFAULT", .default), ("2", .advanced), ("3", .mydefaults),
        ("userdefaults", .mydefaults), ("USERDEFAULTS", .mydefaults), ("4", .appdefaults),
        ("appdefaults", .appdefaults), ("generated", .generated),
    ])
    func spellings(spelling: String, mode: InstallMode) {
        #expect(InstallMode(spelling: spelling) == mode)
    }

    @Test("Unknown modes are refused, from the environment too")
    func unknownMode() throws {
        #expect(InstallMode(spelling: "settings") == nil)
        #expect(try InstallMode.fromEnvironment(["mode": "3"]) == .mydefaults)
        #expect(try InstallMode.fromEnvironment(["MODE": "advanced"]) == .advanced)
        #expect(try InstallMode.fromEnvironment([:]) == nil)
        #expect { try InstallMode.fromEnvironment(["mode": "fast"]) } throws: {
            ($0 as? ConfigError)?.code == .invalidMode
        }
    }

    @Test("Unattended signals follow build.func's is_unattended")
    func unattended() {
        #expect(InstallMode.isUnattended(mode: .default, environment: [:], standardInputIsTerminal: true))
        #expect(!InstallMode.isUnattended(mode: .advanced, environment: [:], standardInputIsTerminal: true))
        #expect(!InstallMode.isUnattended(mode: nil, environment: [:], standardInputIsTerminal: true))
        #expect(InstallMode.isUnattended(mode: nil, environment: ["PHS_SILENT": "1"], standardInputIsTerminal: true))
        #expect(InstallMode.isUnattended(mode: nil, environment: ["UNATTENDED": "Yes"], standardInputIsTerminal: true))
        #expect(InstallMode.isUnattended(mode: nil, environment: ["var_unattended": "true"],
                                         standardInputIsTerminal: true))
        #expect(!InstallMode.isUnattended(mode: .advanced, environment: ["PHS_SILENT": "1"],
                                          standardInputIsTerminal: false))
        #expect(InstallMode.isUnattended(mode: nil, environment: [:], standardInputIsTerminal: false))
        #expect(!InstallMode.isUnattended(mode: nil, environment: ["UNATTENDED": "no"], standardInputIsTerminal: true))
    }
}
