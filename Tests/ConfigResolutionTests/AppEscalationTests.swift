import Testing
@testable import ConfigResolution

/// What an app may ask for beyond the built-in container is said plainly and can be refused.
@Suite("App escalations")
struct AppEscalationTests {
    /// An app whose script (`/cat/ct/vpn.sh`) declares `declared`, each on the line given.
    static func app(_ declared: [ConfigKey: (value: String, line: Int)]) throws -> AppProfile {
        try AppProfile(name: "vpn", declaredDefaults: declared.mapValues(\.value), scriptPath: "/cat/ct/vpn.sh",
                       declarationLines: Dictionary(uniqueKeysWithValues: declared.map { ($0.key.variableName, $0.value.line) }))
    }

    static func resolve(_ app: AppProfile, environment: [String: String] = [:], commandLine: [String] = []) throws
        -> ResolvedConfiguration {
        try ResolvedConfiguration(mode: .default, app: app, layers: [
            try .commandLine(commandLine), .environment(environment), .app(app), .builtIn(),
        ])
    }

    @Test("privileged, TUN, GPU, FUSE and keyctl from the app's script are listed with their lines; cpu is not")
    func listed() throws {
        let app = try Self.app([
            .unprivileged: ("0", 7), .tun: ("yes", 8), .gpu: ("yes", 9), .fuse: ("yes", 10), .keyctl: ("1", 11), .cpu: ("4", 5),
        ])
        let escalations = try Self.resolve(app).appEscalations
        #expect(escalations.map(\.key) == [.unprivileged, .gpu, .tun, .fuse, .keyctl])
        #expect(escalations.map(\.value) == ["0", "yes", "yes", "yes", "1"])
        #expect(escalations.map(\.source) == [7, 9, 8, 10, 11].map { .appScript(path: "/cat/ct/vpn.sh", line: $0) })
        #expect(escalations[0].description
            == "var_unprivileged=0: a privileged container: root inside it is root on the node (app-script:/cat/ct/vpn.sh:7)")
    }

    @Test("the same values from the operator (command line, environment) are no escalation")
    func operatorValues() throws {
        let app = try Self.app([.unprivileged: ("0", 7), .tun: ("yes", 8)])
        let resolved = try Self.resolve(app, environment: ["var_tun": "yes"], commandLine: ["var_unprivileged=0"])
        #expect(resolved.isEnabled(.unprivileged) == false && resolved.isEnabled(.tun) == true)
        #expect(resolved.appEscalations.isEmpty)
    }

    @Test("what the container gets without the app anyway is no escalation: nesting=1, keyctl=1 unprivileged, tun=no")
    func builtInValues() throws {
        let app = try Self.app([.unprivileged: ("1", 7), .nesting: ("1", 8), .keyctl: ("1", 9), .tun: ("no", 10), .gpu: ("no", 11)])
        #expect(try Self.resolve(app).appEscalations.isEmpty)
        // keyctl in a container the operator made privileged is the app's request.
        let keyctl = try Self.resolve(try Self.app([.keyctl: ("1", 9)]), commandLine: ["unprivileged=0"]).appEscalations
        #expect(keyctl.map(\.key) == [.keyctl])
    }

    @Test("var_app_escalation takes allow or refuse, allow by default; any layer but the app may set it")
    func policySetting() throws {
        let app = try Self.app([.tun: ("yes", 8)])
        #expect(try Self.resolve(app).refusesAppEscalations == false)
        #expect(try Self.resolve(app).text(.appEscalation) == "allow")
        #expect(try Self.resolve(app, environment: ["var_app_escalation": "REFUSE"]).refusesAppEscalations)
        #expect(try Self.resolve(app, commandLine: ["app_escalation=refuse"]).refusesAppEscalations)
        #expect(throws: ConfigError.self) { try Self.resolve(app, environment: ["var_app_escalation": "ask"]) }
        #expect(!ConfigKey.appEscalation.isAppDeclarable && ConfigKey.appEscalation.isFileKey)
        let declaring = try AppProfile(name: "vpn", declaredDefaults: [.appEscalation: "allow"])
        #expect(ConfigLayer.app(declaring).values[.appEscalation] == nil)
    }
}
