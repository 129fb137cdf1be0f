import Testing
@testable import ConfigResolution

/// The defaults the advanced wizard offers come from ConfigResolution's rules.
@Suite("ConfigKey.defaultNoProxy and DerivationRule.keyctl(unprivileged:)")
struct WizardDefaultsTests {
    @Test("NO_PROXY's default is the one var_http_no_proxy's summary names")
    func noProxy() {
        #expect(ConfigKey.defaultNoProxy == "localhost,127.0.0.1,.local")
        #expect(ConfigKey.httpNoProxy.summary.hasSuffix("unset means " + ConfigKey.defaultNoProxy))
    }

    @Test("keyctl follows var_unprivileged: the rule's value is what resolution derives")
    func keyctl() throws {
        #expect(DerivationRule.keyctl(unprivileged: true) == "1" && DerivationRule.keyctl(unprivileged: false) == "0")
        let loader = ConfigLoader(fileSystem: InMemoryFileSystem(), environment: ["LXC_BUILD_DEFAULTS_DIR": "/cfg"])
        for unprivileged in [true, false] {
            let resolved = try loader.resolve(mode: .default, app: nil, commandLine: ["var_unprivileged=\(unprivileged ? 1 : 0)"])
            #expect(resolved.text(.keyctl) == DerivationRule.keyctl(unprivileged: unprivileged))
        }
    }
}
