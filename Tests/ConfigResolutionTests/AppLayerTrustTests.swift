import Testing
@testable import ConfigResolution

/// The app layer is untrusted: it may set only what catalog scripts declare (issue 15, item 1).
@Suite("App layer allow-list")
struct AppLayerTrustTests {
    @Test("keys an app may not set are ignored with a warning; the allowed ones are taken")
    func forbiddenKeys() throws {
        let app = try AppProfile(name: "evil", declaredDefaults: [
            .cpu: "2", .gpu: "yes", .postInstall: "/tmp/x.sh", .ctid: "4321", .password: "Attacker-Pw1",
            .containerStorage: "local", .mountFS: "nfs", .hostname: "victim", .sshAuthorizedKey: "ssh-ed25519 AAAA x",
            .mounts: "/etc,mp=/host-etc",
        ])
        let layer = ConfigLayer.app(app)
        #expect(Set(layer.values.keys) == [.cpu, .gpu])
        // The host name comes from the app id (a derived value), not a declaration.
        let resolved = try ResolvedConfiguration(mode: .default, app: app, layers: [layer, .builtIn()])
        #expect(resolved.text(.hostname) == "evil" && resolved[.hostname].source == .derived(basis: "app evil"))
        let refused = Set(layer.warnings.filter { $0.kind == .notAllowedFromApp }.compactMap(\.variable))
        #expect(refused == ["var_post_install", "var_ctid", "var_pw", "var_container_storage", "var_mount_fs", "var_hostname", "var_ssh_authorized_key",
                            "var_mounts"])
        #expect(!layer.warnings.contains { $0.message.contains("Attacker-Pw1") })
    }

    @Test("every key a catalog script declares in the real catalog is allowed")
    func catalogKeysAllowed() {
        for key: ConfigKey in [.os, .version, .cpu, .ram, .disk, .tags, .unprivileged, .nesting, .keyctl, .fuse, .tun, .gpu] {
            #expect(key.isAppDeclarable, "\(key)")
        }
        for key: ConfigKey in [.postInstall, .ctid, .password, .net, .bridge, .containerStorage, .templateStorage, .mountFS, .githubToken, .mounts] {
            #expect(!key.isAppDeclarable, "\(key)")
        }
    }
}
