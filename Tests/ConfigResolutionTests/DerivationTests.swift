@testable import ConfigResolution
import Testing

@Suite("Derived values")
struct DerivationTests {
    @Test("keyctl follows var_unprivileged when no layer sets it, with a derived source naming the basis")
    func keyctlFollowsUnprivileged() throws {
        let unprivileged = try Host().loader.resolve(mode: .default, app: try Host.app())
        #expect(unprivileged.text(.keyctl) == "1")
        #expect(unprivileged[.keyctl].source == .derived(basis: "var_unprivileged=1"))
        #expect(unprivileged[.keyctl].description == "var_keyctl=1 (derived (var_unprivileged=1))")
        #expect(unprivileged[.keyctl].overridden == [LayerValue(value: .flag(false, style: .zeroOne), source: .builtIn)])

        let privileged = try Host(environment: ["var_unprivileged": "0"]).loader.resolve(mode: .default, app: try Host.app())
        #expect(privileged.text(.keyctl) == "0")
        #expect(privileged[.keyctl].source.description == "derived (var_unprivileged=0)")
    }

    @Test("a var_keyctl any layer sets is kept (build.func drops it), from a file too; --unset leaves it to the rule")
    func keyctlFromALayerWins() throws {
        let fromEnvironment = try Host(environment: ["var_keyctl": "0"]).loader.resolve(mode: .default, app: nil)
        #expect(fromEnvironment.text(.keyctl) == "0" && fromEnvironment[.keyctl].source == .environment)
        let fromFile = try Host(global: "var_unprivileged=0\nvar_keyctl=1\n").loader.resolve(mode: .mydefaults, app: nil)
        #expect(fromFile.text(.keyctl) == "1" && fromFile[.keyctl].source.layer == .globalFile)
        let unset = try Host(environment: ["var_keyctl": "0"]).loader.resolve(mode: .default, app: nil, unset: ["keyctl"])
        #expect(unset.text(.keyctl) == "1" && unset[.keyctl].source == .derived(basis: "var_unprivileged=1"))
        #expect(unset[.keyctl].overridden.map(\.source) == [.environment, .builtIn])
    }

    @Test("the host name is the app's identifier unless a user layer names one; without an app it stays unset")
    func hostnameFromApp() throws {
        let app = try AppProfile(name: "Uptime Kuma")
        let derived = try Host().loader.resolve(mode: .default, app: app)
        #expect(derived.text(.hostname) == "uptimekuma" && derived[.hostname].source.description == "derived (app uptimekuma)")
        // An app may not choose the host name (it is not app-declarable): the rule decides.
        let declared = try Host().loader.resolve(mode: .default, app: try AppProfile(name: "Demo", declaredDefaults: [.hostname: "box"]))
        #expect(declared.text(.hostname) == "demo" && declared[.hostname].source == .derived(basis: "app demo"))
        let flagged = try Host().loader.resolve(mode: .default, app: app, commandLine: ["hostname=web"])
        #expect(flagged.text(.hostname) == "web" && flagged[.hostname].source == .commandLine)
        let none = try Host().loader.resolve(mode: .default, app: nil)
        #expect(none.value(.hostname) == nil && none[.hostname].source == .builtIn)
    }

    @Test("an app identifier that is no host name is a rejection naming the derived source")
    func invalidDerivedHostname() throws {
        let app = try AppProfile(name: "my_app")
        #expect {
            _ = try Host().loader.resolve(mode: .default, app: app)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("var_hostname=\"my_app\" (derived (app my_app))")
        }
        #expect(try Host().loader.resolve(mode: .default, app: app, commandLine: ["hostname=myapp"]).text(.hostname) == "myapp")
    }

    @Test("config save leaves the derived values out: they follow their rule again when the file is read")
    func savedFileLeavesDerivedValuesOut() throws {
        let resolved = try Host().loader.resolve(mode: .default, app: try Host.app())
        let entries = AppDefaultsWriter.entries(of: resolved)
        #expect(resolved.text(.keyctl) == "1" && resolved.text(.hostname) == "demo")
        #expect(!entries.contains { $0.key == .keyctl || $0.key == .hostname }, "\(entries.map(\.key.variableName))")
        let privileged = try Host().loader.resolve(mode: .default, app: try Host.app(), commandLine: ["unprivileged=0"])
        let saved = AppDefaultsWriter.entries(of: privileged)
        #expect(saved.map(\.key) == [.unprivileged] && saved.first?.text == "0")
        #expect(privileged.text(.keyctl) == "0")
    }
}
