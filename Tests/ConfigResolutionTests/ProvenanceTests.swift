@testable import ConfigResolution
import Testing

@Suite("Provenance and rejections")
struct ProvenanceTests {
    @Test("Every source is recorded and spelled as config show prints it")
    func sources() throws {
        let host = Host(global: "# g\nvar_vlan=30\n", appFile: "\n\nvar_mtu=9000\n",
                        environment: ["var_ssh": "yes", "HOME": "/root"])
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app([.ram: "2048"]),
                                               commandLine: ["cpu=3"])
        #expect(resolved[.cpu].source.description == "flag")
        #expect(resolved[.ssh].source.description == "env")
        #expect(resolved[.mtu].source.description == "app-file:/srv/cs/defaults/demo.vars:3")
        #expect(resolved[.vlan].source.description == "global-file:/srv/cs/default.vars:2")
        #expect(resolved[.ram].source.description == "app")
        #expect(resolved[.hostname].source.description == "derived (app demo)" && resolved.text(.hostname) == "demo")
        #expect(resolved[.keyctl].source.description == "derived (var_unprivileged=1)" && resolved.text(.keyctl) == "1")
        #expect(resolved[.disk].source.description == "builtin")
        #expect(resolved[.gateway].value == nil && resolved[.gateway].source == .builtIn)
        #expect(resolved.settings.map(\.key) == ConfigKey.allCases)
    }

    @Test("Secrets are masked in descriptions, rejections and warnings")
    func secretsMasked() throws {
        let host = Host(environment: ["var_pw": "hunter22", "var_github_token": "ghp_x y"])
        #expect {
            _ = try host.loader.resolve(mode: .default, app: nil)
        } throws: { error in
            let text = String(describing: error)
            return !text.contains("ghp_x") && text.contains("var_github_token=\"********\" (env)")
        }
        let fine = Host(environment: ["var_pw": "hunter22"])
        let resolved = try fine.loader.resolve(mode: .default, app: nil)
        #expect(resolved[.password].description == "var_pw=******** (env)")
        #expect(resolved[.password].displayValue == ConfigKey.secretMask)
        #expect(resolved.text(.password) == "hunter22")
    }

    @Test("Invalid environment and flag values are errors naming key, value, source and rule")
    func rejections() throws {
        let host = Host(global: "var_cpu=many\n", environment: ["var_ram": "12", "var_vlan": "5000"])
        do {
            _ = try host.loader.resolve(mode: .mydefaults, app: nil, commandLine: ["var_mac=zz"])
            Issue.record("resolution should fail")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.rejections.map(\.variable) == ["var_mac", "var_ram", "var_vlan"])
            #expect(error.rejections[1].description
                == "var_ram=\"12\" (env): 12 is out of range; accepted: an integer of at least 256")
            #expect(error.rejections[0].source == .commandLine)
            // The file's bad line is a warning, still reported with the error.
            #expect(error.warnings.contains { $0.kind == .invalidValue && $0.variable == "var_cpu" })
        }
    }

    @Test("Unknown environment keys warn, control variables do not; unknown flags are errors")
    func unknownKeys() throws {
        let host = Host(environment: ["var_colour": "red", "var_arm64": "yes", "PATH": "/bin"])
        let resolved = try host.loader.resolve(mode: .default, app: nil)
        #expect(resolved.warnings.map(\.variable) == ["var_colour"])
        #expect { _ = try host.loader.resolve(mode: .default, app: nil, commandLine: ["colour=red"]) } throws: {
            ($0 as? ConfigError)?.code == .unknownKey
        }
        #expect { _ = try host.loader.resolve(mode: .default, app: nil, commandLine: ["cpu"]) } throws: {
            ($0 as? ConfigError)?.code == .malformedAssignment
        }
        #expect { _ = try host.loader.resolve(mode: .default, app: nil, commandLine: ["var_pw hunter22"]) } throws: {
            let error = $0 as? ConfigError
            return error?.code == .malformedAssignment && error?.message.contains("hunter22") == false
        }
    }

    @Test("An app's invalid declared default is an error whose source is the app")
    func invalidAppDefault() throws {
        let app = try Host.app([.ram: "lots"])
        #expect { _ = try Host().loader.resolve(mode: .default, app: app) } throws: {
            let rejection = ($0 as? ConfigError)?.rejections.first
            return rejection?.source == .app && rejection?.variable == "var_ram"
        }
    }

    @Test("A gateway is dropped with a warning under DHCP and rejected outside a static subnet")
    func gateway() throws {
        let dhcp = try Host(environment: ["var_gateway": "10.0.0.1"]).loader.resolve(mode: .default, app: nil)
        #expect(dhcp.value(.gateway) == nil)
        #expect(dhcp.warnings.contains { $0.kind == .ignoredValue && $0.variable == "var_gateway" })
        let inside = Host(environment: ["var_net": "10.0.0.5/24", "var_gateway": "10.0.0.1"])
        #expect(try inside.loader.resolve(mode: .default, app: nil).text(.gateway) == "10.0.0.1")
        let pointToPoint = Host(environment: ["var_net": "10.0.0.5/32", "var_gateway": "192.168.0.1"])
        #expect(try pointToPoint.loader.resolve(mode: .default, app: nil).text(.gateway) == "192.168.0.1")
        let outside = Host(global: "var_gateway=192.168.1.1\n", environment: ["var_net": "10.0.0.5/24"])
        #expect { _ = try outside.loader.resolve(mode: .mydefaults, app: nil) } throws: { error in
            let rejection = (error as? ConfigError)?.rejections.first
            return rejection?.reason == "outside var_net's subnet 10.0.0.5/24 (env)"
                && rejection?.source == .globalFile(path: Host.globalPath, line: 1)
        }
    }

    @Test("Advisories: nesting off on a non-Alpine OS, an APT cacher without an address")
    func advisories() throws {
        let host = Host(environment: ["var_nesting": "0", "var_apt_cacher": "yes"])
        let kinds = try host.loader.resolve(mode: .default, app: nil).warnings.map(\.variable)
        #expect(kinds == ["var_nesting", "var_apt_cacher"])
        let alpine = Host(environment: ["var_nesting": "0", "var_os": "alpine"])
        #expect(try alpine.loader.resolve(mode: .default, app: nil).warnings.isEmpty)
    }

    @Test("App names that cannot name a file are refused")
    func appNames() throws {
        #expect(try AppProfile(name: "Home Assistant").identifier == "homeassistant")
        for name in ["../etc", "a/b", "", ".hidden"] {
            #expect(throws: ConfigError.self) { try AppProfile(name: name) }
        }
    }
}
