import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

/// Base OS definitions follow the catalog (issue 29): the built-in `debian`, `ubuntu`, `alpine`... carry the values
/// community-scripts' `ct/<os>.sh` declares, and `config show` says which definition it read.
@Suite("built-in base OS definitions", .serialized)
struct BaseOSDefinitionTests {
    /// No connection and no catalog named: what `config show` reads offline.
    static func environment(defaults: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("var_") && !$0.key.hasPrefix("PROXMOX_VE_") && !$0.key.hasPrefix("LXC_BUILD_") && $0.key != "mode" && $0.key != "MODE"
        }
        environment["LXC_BUILD_DEFAULTS_DIR"] = defaults
        environment["NO_COLOR"] = "1"
        return environment
    }

    @Test("each built-in base OS declares what community-scripts' ct/<os>.sh declares")
    func builtInsFollowTheCatalog() throws {
        // (tags, cpu, RAM in MiB, disk in GB) of ct/debian.sh, ubuntu.sh, alpine.sh, centos.sh, rockylinux.sh, fedora.sh.
        let catalog: [String: (tags: String, cpu: String, ram: String, disk: String)] = [
            "debian": ("os", "1", "512", "2"), "ubuntu": ("os", "1", "512", "2"), "alpine": ("os;alpine", "1", "512", "1"),
            "centos": ("os", "1", "512", "4"), "rocky": ("os", "1", "1536", "10"), "fedora": ("os", "2", "2048", "15"),
        ]
        #expect(Set(AppCatalog.baseOSVersions.keys) == Set(catalog.keys))
        for (os, expected) in catalog {
            let definition = try AppCatalog(directory: nil).definition(for: os)
            #expect(definition.isBaseOS && definition.origin == "built-in" && definition.scriptPath == nil)
            let declared = definition.declaredDefaults
            #expect(declared[.tags] == expected.tags && declared[.cpu] == expected.cpu, "\(os): \(declared)")
            #expect(declared[.ram] == expected.ram && declared[.disk] == expected.disk, "\(os): \(declared)")
            #expect(declared[.os] == os && declared[.unprivileged] == "1" && declared[.version] == AppCatalog.baseOSVersions[os], "\(os): \(declared)")
        }
    }

    @Test("config show debian: the built-in definition's values, and which definition was read (text and --json)")
    func configShowNamesTheBuiltIn() async throws {
        let environment = Self.environment(defaults: try CLITests.temporaryDirectory())
        let shown = try await CLITests.run(["config", "show", "debian", "--json"], environment: environment)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.json["definition"] as? String == "built-in", "\(shown.output)")
        #expect(shown.json["app"] as? String == "debian")
        #expect(CatalogConfigTests.setting(shown, "var_ram") == ("512", "app"))
        #expect(CatalogConfigTests.setting(shown, "var_disk") == ("2", "app"))
        #expect(CatalogConfigTests.setting(shown, "var_cpu") == ("1", "app"))
        #expect(CatalogConfigTests.setting(shown, "var_tags") == ("os", "app"))

        let text = try await CLITests.run(["config", "show", "alpine"], environment: environment)
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("App definition: built in (the defaults community-scripts' catalog declares for alpine"), "\(text.output)")

        // Without an app there is no definition: null.
        let none = try await CLITests.run(["config", "show", "--json"], environment: environment)
        #expect(none.status == 0, "\(none.errors)")
        #expect(none.json.keys.contains("definition") && none.json["definition"] is NSNull, "\(none.output)")
    }

    @Test("config show debian --catalog DIR: the catalog's ct/debian.sh is the definition read, named by its path")
    func configShowNamesTheCatalogFile() async throws {
        let catalog = try CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: catalog + "/ct", withIntermediateDirectories: true)
        let script = catalog + "/ct/debian.sh"
        try "APP=\"Debian\"\nvar_tags=\"${var_tags:-os;mirror}\"\nvar_ram=\"${var_ram:-768}\"\nvar_os=\"${var_os:-debian}\"\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let environment = Self.environment(defaults: try CLITests.temporaryDirectory())
        let shown = try await CLITests.run(["config", "show", "debian", "--catalog", catalog, "--json"], environment: environment)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.json["definition"] as? String == script, "\(shown.output)")
        #expect(CatalogConfigTests.setting(shown, "var_ram") == ("768", "app-script:\(script):3"))
        #expect(CatalogConfigTests.setting(shown, "var_tags") == ("os;mirror", "app-script:\(script):2"))
        let text = try await CLITests.run(["config", "show", "debian", "--catalog", catalog], environment: environment)
        #expect(text.status == 0 && text.output.contains("App definition: \(script)"), "\(text.output)")
    }

    @Test("plan debian without a catalog: the catalog's 512 MiB, 2 GB and tag os reach the create request")
    func planSendsTheBuiltInValues() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let run = try await CLITests.run(["plan", "debian", "--os-version", "12", "--ip", "10.9.0.51/24", "--gateway", "10.9.0.1", "--json"],
                                             environment: environment)
            #expect(run.status == 0, "\(run.errors)")
            let body = try #require(Self.createBody(run.json), "\(run.output)")
            #expect(body["memory"] == "512" && body["cores"] == "1", "\(body)")
            #expect(body["rootfs"]?.hasSuffix(":2") == true, "\(body)")
            #expect(body["tags"] == "community-script;os", "\(body)")
        }
    }

    /// The create request's parameters in `plan --json`.
    static func createBody(_ plan: [String: Any]) -> [String: String]? {
        let requests = plan["requests"] as? [[String: Any]] ?? []
        let create = requests.first { ($0["method"] as? String) == "POST" && ($0["path"] as? String)?.hasSuffix("/lxc") == true }
        return create?["parameters"] as? [String: String]
    }
}
