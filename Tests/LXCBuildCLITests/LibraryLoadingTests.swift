import Foundation
import LXCBuildTestSupport
import Testing

/// libcurl (and the OpenSSL, Kerberos, LDAP, ... libraries it brings) is opened by the first request, not by the
/// dynamic loader at start (issue 21: `--version` in under 5 ms). glibc's `LD_DEBUG=files` lists every library a
/// process opens, on standard error.
@Suite("Libraries a command loads", .serialized)
struct LibraryLoadingTests {
    static func loadsCurl(_ run: CLITests.Run) -> Bool {
        run.errors.contains("file=libcurl.so.4")
    }

    @Test("--version and a plan that stops before any request do not load libcurl; a command that asks PVE does")
    func curlOnFirstRequest() async throws {
        let defaults = try CLITests.temporaryDirectory()
        var quiet = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") }
        quiet["LXC_BUILD_DEFAULTS_DIR"] = defaults
        quiet["LD_DEBUG"] = "files"

        let version = try await CLITests.run(["--version"], environment: quiet)
        #expect(version.status == 0)
        #expect(version.errors.contains("file=libjansson.so.4"), "LD_DEBUG=files lists what is loaded: \(version.errors.prefix(400))")
        #expect(!Self.loadsCurl(version), "--version loaded libcurl")

        let noHost = try await CLITests.run(["plan", "debian"], environment: quiet)
        #expect(noHost.status == 64, "no endpoint and no pvesh: \(noHost.errors.suffix(300))")
        #expect(!Self.loadsCurl(noHost), "a plan refused before any request loaded libcurl")

        try await withFakePVE { pve in
            var environment = CLITests.environment(for: pve, defaults: defaults)
            environment["LD_DEBUG"] = "files"
            let nodes = try await CLITests.run(["nodes", "--json"], environment: environment)
            #expect(nodes.status == 0)
            #expect(Self.loadsCurl(nodes), "the first request opens libcurl")
        }
    }
}
