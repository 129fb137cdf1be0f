@testable import ConfigResolution
import Testing

/// Two layers, the first higher than the second.
struct LayerPair: Sendable, CustomTestStringConvertible {
    let high: LayerKind
    let low: LayerKind
    var testDescription: String { "\(high) over \(low)" }

    static let all: [LayerPair] = LayerKind.allCases.flatMap { high in
        LayerKind.allCases.filter { $0 < high }.map { LayerPair(high: high, low: $0) }
    }
}

@Suite("Precedence")
struct PrecedenceTests {
    /// The value each layer gives var_vlan (var_cpu for the built-ins, which have no VLAN).
    static func value(of kind: LayerKind) -> Int {
        switch kind {
        case .commandLine: 60
        case .environment: 50
        case .appFile: 40
        case .globalFile: 30
        case .app: 20
        case .builtIn: 1
        }
    }

    /// A host where exactly the layers in `kinds` set `key`.
    static func resolve(_ key: ConfigKey, in kinds: [LayerKind]) throws -> ResolvedConfiguration {
        func line(_ kind: LayerKind) -> String? {
            kinds.contains(kind) ? "\(key.variableName)=\(value(of: kind))\n" : nil
        }
        let env = kinds.contains(.environment) ? [key.variableName: String(value(of: .environment))] : [:]
        let host = Host(global: line(.globalFile), appFile: line(.appFile), environment: env)
        let declared = kinds.contains(.app) ? [key: String(value(of: .app))] : [:]
        let flags = kinds.contains(.commandLine) ? ["\(key.variableName)=\(value(of: .commandLine))"] : []
        return try host.loader.resolve(mode: .advanced, app: try Host.app(declared), commandLine: flags)
    }

    @Test("The higher layer wins over the lower one and the lower one is recorded as overridden",
          arguments: LayerPair.all)
    func pair(_ pair: LayerPair) throws {
        // var_vlan has no built-in default, so only the two layers set it; an app may not declare it (only what
        // catalog scripts declare), so pairs with the app layer use var_cpu, whose built-in is overridden too.
        let key: ConfigKey = [pair.low, pair.high].contains(.builtIn) || [pair.low, pair.high].contains(.app) ? .cpu : .vlan
        let resolved = try Self.resolve(key, in: [pair.high, pair.low])
        let setting = resolved[key]
        #expect(setting.value == .integer(Self.value(of: pair.high)))
        #expect(setting.source.layer == pair.high)
        let builtInBelow: [LayerKind] = key == .cpu && pair.low != .builtIn ? [.builtIn] : []
        #expect(setting.overridden.map(\.source.layer) == [pair.low] + builtInBelow)
        #expect(setting.overridden.first?.value == .integer(Self.value(of: pair.low)))
    }

    @Test("Each layer alone supplies the value", arguments: LayerKind.allCases)
    func single(_ kind: LayerKind) throws {
        let key: ConfigKey = kind == .builtIn || kind == .app ? .cpu : .vlan
        let resolved = try Self.resolve(key, in: kind == .builtIn ? [] : [kind])
        #expect(resolved[key].source.layer == kind)
        #expect(resolved.integer(key) == Self.value(of: kind))
    }

    @Test("the environment beats the app defaults file, even in App Defaults mode (build.func lets the file win)")
    func environmentBeatsAppFile() throws {
        let host = Host(appFile: "var_ram=4096\n", environment: ["var_ram": "2048"])
        let resolved = try host.loader.resolve(mode: .appdefaults, app: try Host.app())
        #expect(resolved.integer(.ram) == 2048)
        #expect(resolved[.ram].source == .environment)
    }

    @Test("default.vars changes values the app declares (build.func cannot); lower resources warn with the recommendation")
    func globalFileBeatsAppDeclared() throws {
        let host = Host(global: "var_cpu=1\nvar_ram=8192\nvar_os=alpine\n")
        let app = try Host.app([.cpu: "2", .ram: "2048", .os: "debian"])
        let resolved = try host.loader.resolve(mode: .mydefaults, app: app)
        #expect(resolved.integer(.cpu) == 1)
        #expect(resolved.integer(.ram) == 8192)
        #expect(resolved.text(.os) == "alpine")
        let warnings = resolved.warnings.filter { $0.kind == .belowRecommendation }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message == "var_cpu=1 (global-file:/srv/cs/default.vars:1) is below the 2 the app "
            + "recommends; using 1")
    }

    @Test("An empty value leaves the key to lower layers, as build.func's ${var:-default} does")
    func emptyFallsThrough() throws {
        let host = Host(global: "var_brg=vmbr9\n", environment: ["var_brg": ""])
        let resolved = try host.loader.resolve(mode: .mydefaults, app: nil)
        #expect(resolved.text(.bridge) == "vmbr9")
    }
}
