import Testing
@testable import ConfigResolution

/// The app's own `var_*` keys (`var_runner_token`, `var_version_pin`): declared by its script, accepted from every
/// user layer, masked when they look secret, validated against injection, and never a host-side setting.
@Suite("App-specific keys")
struct AppSpecificKeyTests {
    static let script = "/catalog/ct/demo.sh"

    static func app() throws -> AppProfile {
        try AppProfile(name: "Demo", declaredDefaults: [.cpu: "2"],
                       appKeys: ["var_runner_token": "", "var_version_pin": "demo-1.2", "var_cpu": "9", "var_install": "x"],
                       scriptPath: script, declarationLines: ["var_cpu": 4, "var_runner_token": 7, "var_version_pin": 8])
    }

    @Test("only var_ names that are neither settings nor control variables are the app's own keys")
    func names() throws {
        #expect(try Set(Self.app().appKeys.keys) == ["var_runner_token", "var_version_pin"])
        #expect(!ConfigKey.isAppSpecificName("var_arm64") && !ConfigKey.isAppSpecificName("var_pw") && !ConfigKey.isAppSpecificName("runner"))
    }

    @Test("the script's value, then each layer above it wins, with its source; the script line is the provenance")
    func precedence() throws {
        let app = try Self.app()
        let plain = try Host().loader.resolve(mode: .default, app: app)
        #expect(plain.appSettings.map(\.description) == [
            "var_runner_token= (app-script:/catalog/ct/demo.sh:7)", "var_version_pin=demo-1.2 (app-script:/catalog/ct/demo.sh:8)",
        ])
        #expect(plain[.cpu].source.description == "app-script:/catalog/ct/demo.sh:4")
        #expect(plain.appEnvironment == ["var_version_pin": "demo-1.2"])

        let host = Host(global: "var_version_pin=global-pin\n", appFile: "var_version_pin=\"file-pin\"\nvar_runner_token=file-token\n",
                        environment: ["var_version_pin": "env-pin"])
        let resolved = try host.loader.resolve(mode: .advanced, app: app, commandLine: ["runner_token=flag-token"])
        #expect(resolved.appEnvironment == ["var_runner_token": "flag-token", "var_version_pin": "env-pin"])
        let pin = try #require(resolved.appSettings.first { $0.variable == "var_version_pin" })
        #expect(pin.source == .environment)
        #expect(pin.overridden.map(\.source.description) == [
            "app-file:\(Host.appPath):1", "global-file:\(Host.globalPath):1", "app-script:/catalog/ct/demo.sh:8",
        ])
        #expect(resolved.warnings.isEmpty, "\(resolved.warnings)")
        let fileOnly = try host.loader.resolve(mode: .appdefaults, app: app)
        #expect(fileOnly.appSettings.first?.source == .appFile(path: Host.appPath, line: 2))
    }

    @Test("secret-looking names are masked wherever shown; others are not")
    func masking() throws {
        let resolved = try Host().loader.resolve(mode: .default, app: try Self.app(), commandLine: ["var_runner_token=Tok-Marker-77"])
        let token = try #require(resolved.appSettings.first)
        #expect(token.isSecret && token.displayValue == ConfigKey.secretMask && !token.description.contains("Tok-Marker-77"))
        #expect(resolved.appEnvironment["var_runner_token"] == "Tok-Marker-77", "passed on unchanged")
        for name in ["var_api_key", "var_db_pass", "var_admin_password", "var_client_secret", "var_root_pw"] {
            #expect(ConfigKey.looksSecret(name), "\(name)")
        }
        #expect(!ConfigKey.looksSecret("var_version_pin"))
        let error = #expect(throws: ConfigError.self) {
            try Host().loader.resolve(mode: .default, app: try Self.app(), commandLine: ["var_runner_token=Tok-Marker-77\nrm -rf /"])
        }
        #expect(error?.message.contains("Tok-Marker-77") == false && error?.message.contains("var_runner_token") == true)
    }

    @Test("the values to mask: secret settings and secret-looking app keys, never the others or empty ones")
    func secretValues() throws {
        let resolved = try Host(environment: ["var_pw": "Root-Pw-31"]).loader.resolve(
            mode: .default, app: try Self.app(), commandLine: ["var_runner_token=Tok-Marker-78", "var_version_pin=pin-9"])
        #expect(resolved.secretValues == ["Root-Pw-31", "Tok-Marker-78"])
        #expect(try Host().loader.resolve(mode: .default, app: try Self.app()).secretValues.isEmpty, "an empty token is nothing to mask")
    }

    @Test("a newline, NUL or other control character is refused from the command line and the environment, skipped from a file")
    func injection() throws {
        let app = try Self.app()
        for hostile in ["1.2\nexport EVIL=1", "1.2\u{0}x", "1.2\rx", "\u{1B}[2J"] {
            #expect(throws: ConfigError.self) { try Host().loader.resolve(mode: .default, app: app, commandLine: ["version_pin=\(hostile)"]) }
            #expect(throws: ConfigError.self) { try Host(environment: ["var_version_pin": hostile]).loader.resolve(mode: .default, app: app) }
        }
        let host = Host(appFile: "var_version_pin=\"a\u{7}b\"\n")
        let resolved = try host.loader.resolve(mode: .appdefaults, app: app)
        #expect(resolved.appEnvironment["var_version_pin"] == "demo-1.2")
        #expect(resolved.warnings.contains { $0.kind == .invalidValue && $0.source == .appFile(path: Host.appPath, line: 1) })
        // Text that a shell would expand is kept as it is: the value goes into the environment, never a command line.
        let literal = try Host().loader.resolve(mode: .default, app: app, commandLine: ["version_pin=$(id) `id` ;x"])
        #expect(literal.appEnvironment["var_version_pin"] == "$(id) `id` ;x")
    }

    @Test("keys the app does not declare stay unknown: an error from --set, a warning from the environment and files")
    func undeclared() throws {
        let app = try Self.app()
        let error = #expect(throws: ConfigError.self) { try Host().loader.resolve(mode: .default, app: app, commandLine: ["var_other=1"]) }
        #expect(error?.code == .unknownKey && error?.message.contains("var_runner_token, var_version_pin") == true)
        #expect(throws: ConfigError.self) { try Host().loader.resolve(mode: .default, app: nil, commandLine: ["var_runner_token=1"]) }
        let host = Host(appFile: "var_other=1\n", environment: ["var_other": "1"])
        let resolved = try host.loader.resolve(mode: .appdefaults, app: app)
        #expect(resolved.warnings.filter { $0.kind == .unknownKey }.count == 2)
        #expect(resolved.appSettings.allSatisfy { $0.variable != "var_other" })
    }

    @Test("an app-specific key is never a host-side setting: the settings are the same with or without it")
    func neverHostSide() throws {
        let app = try Self.app()
        let without = try Host().loader.resolve(mode: .default, app: app)
        let with = try Host(environment: ["var_runner_token": "x", "var_version_pin": "y"]).loader.resolve(mode: .default, app: app)
        #expect(with.settings == without.settings)
    }
}
