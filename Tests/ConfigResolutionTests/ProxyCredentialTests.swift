@testable import ConfigResolution
import Testing

/// A proxy URL may carry a login (`http://user:secret@proxy:3128`): it is passed on unchanged, but wherever the URL is
/// shown (`config show`, an invalid-value error, a warning) its user information is masked, and the values every log
/// masks (``ResolvedConfiguration/secretValues``) include it.
@Suite("Proxy credentials")
struct ProxyCredentialTests {
    static let proxy = "http://proxy-user:Proxy-Secret-41@proxy.example:3128"

    @Test("config show masks the proxy's user information; the value passed on is unchanged; the logs mask it")
    func shownMasked() throws {
        let resolved = try Host(environment: ["var_http_proxy": Self.proxy]).loader.resolve(mode: .default, app: nil)
        #expect(resolved[.httpProxy].displayValue == "http://********@proxy.example:3128")
        #expect(resolved[.httpProxy].description == "var_http_proxy=http://********@proxy.example:3128 (env)")
        #expect(resolved.text(.httpProxy) == Self.proxy)
        #expect(resolved.secretValues.contains("proxy-user:Proxy-Secret-41") && resolved.secretValues.contains("Proxy-Secret-41"),
                "\(resolved.secretValues)")
        #expect(ConfigKey.httpProxy.displayText("https://proxy.example:3128/") == "https://proxy.example:3128/", "no login, nothing to mask")
        let plain = try Host(environment: ["var_http_proxy": "http://proxy.example:3128"]).loader.resolve(mode: .default, app: nil)
        #expect(plain.secretValues.isEmpty)
    }

    @Test("an invalid proxy value is named with its user information masked, from the command line and from a file")
    func rejectionMasked() throws {
        let invalid = Self.proxy + " trailing"
        let error = #expect(throws: ConfigError.self) {
            try Host().loader.resolve(mode: .default, app: nil, commandLine: ["http_proxy=\(invalid)"])
        }
        #expect(error?.message.contains("Proxy-Secret-41") == false, "\(error?.message ?? "")")
        #expect(error?.message.contains("var_http_proxy=\"http://********@proxy.example:3128 trailing\" (flag)") == true,
                "\(error?.message ?? "")")
        let noScheme = #expect(throws: ConfigError.self) {
            try Host().loader.resolve(mode: .default, app: nil, commandLine: ["http_proxy=proxy-user:Proxy-Secret-41@proxy.example"])
        }
        #expect(noScheme?.message.contains("Proxy-Secret-41") == false, "\(noScheme?.message ?? "")")
        let file = try Host(global: "var_http_proxy=\"\(invalid)\"\n").loader.resolve(mode: .mydefaults, app: nil)
        let warnings = file.warnings.map(\.message).joined(separator: "\n")
        #expect(warnings.contains("var_http_proxy") && !warnings.contains("Proxy-Secret-41"), "\(warnings)")
    }
}
