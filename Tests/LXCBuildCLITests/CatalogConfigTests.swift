import Foundation
import LXCBuildTestSupport
import Testing

/// `config show|save|diff APP --catalog` read the app's `ct/<app>.sh` as `create` does: the built executable
/// against fakepve, with a catalog folder the test writes.
@Suite("Catalog apps in config and create", .serialized)
struct CatalogConfigTests {
    /// A catalog with `runner` (plain, export and `${var:-v}` forms, tags ending in `;`, its own keys) and
    /// `oldthing` (a retired stub).
    static func makeCatalog() throws -> String {
        let catalog = try CLITests.temporaryDirectory()
        for folder in ["ct", "install"] {
            try FileManager.default.createDirectory(atPath: "\(catalog)/\(folder)", withIntermediateDirectories: true)
        }
        try #"""
            #!/usr/bin/env bash
            source <(curl -fsSL https://example.invalid/misc/build.func)
            APP="Runner"
            var_tags="${var_tags:-ci;build;}"
            var_cpu=3
            export var_ram="1536" # MiB
            var_disk='7'
            var_os="${var_os:-debian}"
            var_version="${var_version:-12}"
            var_arm64="${var_arm64:-no}"
            export var_runner_token=""
            var_version_pin="${NSAPP}-2.0"
            var_label="${var_label:-$(hostname)}"
            header_info "$APP"
            start
            build_container
            """#.write(toFile: "\(catalog)/ct/runner.sh", atomically: true, encoding: .utf8)
        try "echo install\n".write(toFile: "\(catalog)/install/runner-install.sh", atomically: true, encoding: .utf8)
        try "APP=\"Old Thing\"\nheader_info \"$APP\"\nmsg_error \"Old Thing is retired \u{1B}]0;pwned\u{7}use New Thing.\"\nexit 1\nstart\n"
            .write(toFile: "\(catalog)/ct/oldthing.sh", atomically: true, encoding: .utf8)
        return catalog
    }

    static func setting(_ run: CLITests.Run, _ key: String, in group: String = "settings") -> (value: String?, source: String?) {
        let entry = (run.json[group] as? [String: [String: Any]])?[key]
        return (entry?["value"] as? String, entry?["source"] as? String)
    }

    @Test("config show --json for a catalog app: app-script:<path>:<line> sources, and the values create sends")
    func showEqualsCreate() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let catalog = try Self.makeCatalog()
            let script = "\(catalog)/ct/runner.sh"
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["var_runner_token"] = "Tok-Secret-4711"
            let shown = try await CLITests.run(["config", "show", "runner", "--catalog", catalog, "--set", "version_pin=3.1", "--json"],
                                               environment: environment)
            #expect(shown.status == 0, "\(shown.errors)")
            #expect(Self.setting(shown, "var_cpu") == ("3", "app-script:\(script):5"))
            #expect(Self.setting(shown, "var_ram") == ("1536", "app-script:\(script):6"))
            #expect(Self.setting(shown, "var_disk") == ("7", "app-script:\(script):7"))
            #expect(Self.setting(shown, "var_tags") == ("ci;build", "app-script:\(script):4"))
            #expect(Self.setting(shown, "var_runner_token", in: "appKeys") == ("********", "env"))
            #expect(Self.setting(shown, "var_version_pin", in: "appKeys") == ("3.1", "flag"))
            let warnings = shown.json["warnings"] as? [String] ?? []
            #expect(warnings.contains { $0.hasPrefix("\(script):13: var_label is not understood") }, "\(warnings)")
            #expect(!warnings.contains { $0.contains("var_arm64") }, "var_arm64 is understood")
            #expect(!(shown.output + shown.errors).contains("Tok-Secret-4711"))

            let table = try await CLITests.run(["config", "show", "runner", "--catalog", catalog], environment: environment)
            let tokenRow = table.output.split(separator: "\n").first { $0.hasPrefix("var_runner_token ") }
            #expect(tokenRow?.split(separator: " ").map(String.init) == ["var_runner_token", "********", "env"], "\(table.output)")
            #expect(!(table.output + table.errors).contains("Tok-Secret-4711"))

            let created = try await CLITests.run(
                ["create", "runner", "--catalog", catalog, "--ip", "10.30.0.9/24", "--no-install", "--yes", "--json"], environment: environment)
            #expect(created.status == 0, "\(created.errors)")
            #expect(!(created.output + created.errors).contains("Tok-Secret-4711"))
            let sent = try #require(try pve.recordedParameters("POST", pathSuffix: "/nodes/pve1/lxc").first)
            #expect(sent["cores"] == Self.setting(shown, "var_cpu").value)
            #expect(sent["memory"] == Self.setting(shown, "var_ram").value)
            #expect(sent["rootfs"]?.hasSuffix(":\(Self.setting(shown, "var_disk").value ?? "?")") == true, "\(sent["rootfs"] ?? "")")
            #expect(sent["tags"] == "community-script;" + (Self.setting(shown, "var_tags").value ?? ""))
            #expect(sent["hostname"] == Self.setting(shown, "var_hostname").value)
            #expect(sent["unprivileged"] == Self.setting(shown, "var_unprivileged").value)
            #expect(sent["ostemplate"]?.contains("debian-\(Self.setting(shown, "var_version").value ?? "?")") == true)
            #expect(!sent.values.contains { $0.contains("Tok-Secret-4711") || $0.contains("3.1") }, "app keys stay off the host side")
        }
    }

    @Test("config show's table for a catalog app: the settings and the app's own keys share aligned columns")
    func tableAligned() async throws {
        let catalog = try Self.makeCatalog()
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("var_") }
        environment["LXC_BUILD_DEFAULTS_DIR"] = try CLITests.temporaryDirectory()
        let run = try await CLITests.run(["config", "show", "runner", "--catalog", catalog], environment: environment)
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("KEY ") }, "\(run.output)")
        let valueColumn = try #require(header.range(of: "VALUE")).lowerBound.utf16Offset(in: header)
        let sourceColumn = try #require(header.range(of: "SOURCE")).lowerBound.utf16Offset(in: header)
        let rows = lines.filter { $0.hasPrefix("var_") && !$0.hasPrefix("var_arm64 ") }
        #expect(rows.contains { $0.hasPrefix("var_runner_token ") } && rows.contains { $0.hasPrefix("var_cpu ") }, "\(run.output)")
        for row in rows {
            let characters = Array(row)
            // Each row: the key, spaces up to the value's column, the value, spaces up to the source's column.
            let starts = characters.indices.filter { $0 > 0 && characters[$0] != " " && characters[$0 - 1] == " " }
            #expect(starts.first == valueColumn && starts.contains(sourceColumn), "misaligned: '\(row)'\n\(run.output)")
        }
    }

    @Test("the app's own keys from --set are accepted only for an app that declares them")
    func undeclaredKeys() async throws {
        let catalog = try Self.makeCatalog()
        let environment = ["LXC_BUILD_DEFAULTS_DIR": try CLITests.temporaryDirectory(), "PATH": "/usr/bin:/bin"]
        let declared = try await CLITests.run(["config", "show", "runner", "--catalog", catalog, "--set", "runner_token=x"], environment: environment)
        #expect(declared.status == 0, "\(declared.errors)")
        let other = try await CLITests.run(["config", "show", "debian", "--set", "runner_token=x"], environment: environment)
        #expect(other.status == 64 && other.errors.contains("not a setting"), "\(other.errors)")
    }

    @Test("LXC_BUILD_CATALOG names the catalog when --catalog does not; a misspelt base OS is refused before any fetch by every command")
    func catalogFromEnvironment() async throws {
        let catalog = try Self.makeCatalog()
        var environment = ["LXC_BUILD_DEFAULTS_DIR": try CLITests.temporaryDirectory(), "PATH": "/usr/bin:/bin", "LXC_BUILD_CATALOG": catalog]
        let shown = try await CLITests.run(["config", "show", "runner", "--json"], environment: environment)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.json["app"] as? String == "runner" || shown.output.contains("runner"), "\(shown.output)")
        environment["LXC_BUILD_CATALOG"] = catalog + "/nonexistent"
        let missing = try await CLITests.run(["config", "show", "runner"], environment: environment)
        #expect(missing.status == 64 && missing.errors.contains("LXC_BUILD_CATALOG") && missing.errors.contains("no such folder"), "\(missing.errors)")
        environment["LXC_BUILD_CATALOG"] = nil
        // The default catalog is on the network; an unroutable proxy makes any attempt to reach it fail differently (7).
        environment["https_proxy"] = "http://127.0.0.1:9"
        environment["HTTPS_PROXY"] = "http://127.0.0.1:9"
        for command in [["config", "show", "debain"], ["config", "diff", "debain"], ["plan", "debain"]] {
            let run = try await CLITests.run(command, environment: environment)
            #expect(run.status == 64 && run.errors.contains("did you mean debian?"), "\(command): \(run.status) \(run.errors)")
        }
    }

    @Test("a retired app: its own notice, escaped; exit 80 from config show and create; nothing written")
    func retired() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let catalog = try Self.makeCatalog()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let shown = try await CLITests.run(["config", "show", "oldthing", "--catalog", catalog], environment: environment)
            #expect(shown.status == 80, "\(shown.errors)")
            let created = try await CLITests.run(["create", "oldthing", "--catalog", catalog, "--yes", "--json"], environment: environment)
            #expect(created.status == 80, "\(created.errors)")
            let message = ((created.json["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains(#"Old Thing is retired \u{1B}]0;pwned\u{07}use New Thing."#), "\(message)")
            #expect(!(created.output + created.errors + shown.errors).unicodeScalars.contains("\u{1B}"))
            #expect(try pve.writes().isEmpty)
            #expect(try await pve.containerIDs().isEmpty)
        }
    }
}
