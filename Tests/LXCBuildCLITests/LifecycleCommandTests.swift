import ContainerKit
import Foundation
import LXCBuildTestSupport
import Testing

@Suite("lxc-build list and update on the command line, on fakepve", .serialized)
struct LifecycleCommandTests {
    static let mark = "- lxc-build run: 0123456789abcdef0123456789abcdef"

    @Test("list: a table with host name and stack columns, server text escaped, the skipped count on stderr; --json one document")
    func list() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], ["status": "running", "config": [
                "description": "## demo\u{1B}]0;pwned\u{07}\n- Template: debian-13-standard_13.1-2_amd64.tar.zst\n\(Self.mark)\n"
                    + "- lxc-build stack: web-tier web1 proof=0123abcd",
                "tags": "community-script", "net0": "name=eth0,bridge=vmbr0,ip=10.0.0.51/24"]])
            try pve.call("add_ct", [102, "jelly"], ["config": ["tags": "community-script;media"]])
            try pve.call("add_ct", [103, "mine"])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let text = try await CLITests.run(["list"], environment: environment)
            #expect(text.status == 0)
            let lines = text.output.split(separator: "\n").map(String.init)
            let header = try #require(lines.first).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(header.prefix(6) == ["CTID", "NODE", "HOSTNAME", "APP", "STACK", "STATUS"], "\(text.output)")
            let web = try #require(lines.first { $0.hasPrefix("101") }).split(separator: " ").map(String.init)
            #expect(web.prefix(3) == ["101", "pve1", "web"] && web.contains("web-tier") && web.contains("10.0.0.51"), "\(web)")
            #expect(text.output.contains("debian-13-standard_13.1-2_amd64.tar.zst"))
            let jelly = try #require(lines.first { $0.hasPrefix("102") }).split(separator: " ").map(String.init)
            #expect(jelly.prefix(5) == ["102", "pve1", "jelly", "unknown", "-"] && jelly.contains("community-scripts"), "\(jelly)")
            #expect(!text.output.contains("103 "))
            #expect(!text.output.contains("\u{1B}") && !text.output.contains("\u{07}"), "control characters escaped")
            #expect(text.errors.contains("1 other container (built by neither) not listed."))

            let json = try await CLITests.run(["list", "--json"], environment: environment)
            #expect(json.status == 0)
            let rows = json.json["containers"] as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["ctid"] as? Int } == [101, 102])
            #expect(rows.first?["builtBy"] as? String == "lxc-build" && rows.first?["address"] as? String == "10.0.0.51")
            #expect(rows.first?["hostname"] as? String == "web" && rows.first?["stack"] as? String == "web-tier")
            #expect(rows.last?["template"] is NSNull && rows.last?["app"] is NSNull && rows.last?["stack"] is NSNull)
            #expect(json.json["skipped"] as? Int == 1 && json.json["filtered"] as? Int == 0)

            let stopped = try await CLITests.run(["list", "--status", "stopped", "--tag", "MEDIA", "--json"], environment: environment)
            #expect((stopped.json["containers"] as? [[String: Any]])?.compactMap { $0["ctid"] as? Int } == [102])
            #expect(stopped.json["filtered"] as? Int == 1)
            let none = try await CLITests.run(["list", "--stack", "db-tier"], environment: environment)
            #expect(none.status == 0 && none.output.contains("matches the filters"), "\(none.output)")
            let bad = try await CLITests.run(["list", "--status", "paused"], environment: environment)
            #expect(bad.status == 64 && bad.errors.contains("--status 'paused'") && bad.errors.contains("running, stopped"), "\(bad.errors)")
        }
    }

    @Test("list says nothing of other containers when there are none")
    func listWithoutOthers() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [101, "web"], ["config": ["description": "## demo\n\(Self.mark)", "tags": "community-script"]])
            let text = try await CLITests.run(["list"], environment: CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory()))
            #expect(text.status == 0 && text.output.contains("101"))
            #expect(!text.errors.contains("other container"), "\(text.errors)")
        }
    }

    @Test("update: flags that do not fit are 64; no node shell is 64; a storage that cannot snapshot is 64 naming --backup")
    func updateRefusals() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": "## demo\n\(Self.mark)", "rootfs": "local:150/vm-150-disk-0.raw,size=8G"]])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let both = try await CLITests.run(["update", "150", "--backup", "local", "--no-snapshot", "--json"], environment: environment)
            #expect(both.status == 64 && (both.json["error"] as? [String: Any])?["message"] as? String != nil)
            let keep = try await CLITests.run(["update", "150", "--keep-snapshot", "--no-snapshot"], environment: environment)
            #expect(keep.status == 64 && keep.errors.contains("--keep-snapshot"))
            let shell = try await CLITests.run(["update", "150", "--node-shell", "none", "--json"], environment: environment)
            #expect(shell.status == 64 && ((shell.json["error"] as? [String: Any])?["message"] as? String)?.contains("--node-shell is none") == true)
            let catalog = try CLITests.temporaryDirectory()
            for folder in ["ct", "misc"] { try FileManager.default.createDirectory(atPath: "\(catalog)/\(folder)", withIntermediateDirectories: true) }
            try "APP=\"Demo\"\nvar_os=\"${var_os:-debian}\"\nfunction update_script() {\n  exit\n}\nstart\n".write(
                toFile: "\(catalog)/ct/demo.sh", atomically: true, encoding: .utf8)
            try String(repeating: "# build.func stand-in\n", count: 10).write(toFile: "\(catalog)/misc/build.func", atomically: true, encoding: .utf8)
            let storage = try await CLITests.run(["update", "150", "--catalog", catalog, "--node-shell", "local"], environment: environment)
            #expect(storage.status == 64 && storage.errors.contains("cannot be snapshotted") && storage.errors.contains("--backup STORAGE"))
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("update --catalog URL fetches misc/build.func with the app's files (the plan gets past the build.func check)")
    func updateCatalogURL() async throws {
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": "## demo\n\(Self.mark)", "rootfs": "local:150/vm-150-disk-0.raw,size=8G"]])
            let catalog = try CLITests.temporaryDirectory()
            for folder in ["ct", "misc"] { try FileManager.default.createDirectory(atPath: "\(catalog)/\(folder)", withIntermediateDirectories: true) }
            try "APP=\"Demo\"\nfunction update_script() {\n  exit\n}\nstart\n".write(toFile: "\(catalog)/ct/demo.sh", atomically: true, encoding: .utf8)
            let server = try FakePVE.startScripted(serving: catalog)
            defer { server.stop() }
            var environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            environment["LXC_BUILD_CATALOG_CA_FILE"] = server.info.caFile
            // The fetched catalog folders go to a folder of this test's, not where the fetcher's own tests count them.
            environment["TMPDIR"] = try CLITests.temporaryDirectory()
            let url = server.info.url + "/catalog"
            let missing = try await CLITests.run(["update", "150", "--catalog", url, "--node-shell", "local"], environment: environment)
            #expect(missing.status == 115 && missing.errors.contains("misc/build.func"), "\(missing.errors)")
            try String(repeating: "# build.func stand-in\n", count: 10).write(toFile: "\(catalog)/misc/build.func", atomically: true, encoding: .utf8)
            let fetched = try await CLITests.run(["update", "150", "--catalog", url, "--node-shell", "local"], environment: environment)
            #expect(fetched.status == 64 && fetched.errors.contains("cannot be snapshotted"), "\(fetched.errors)")
            #expect(try server.scriptedRequests().contains { $0.hasSuffix("/catalog/misc/build.func") })
        }
    }

    @Test("update through a node shell that is not the container's node, or is unreachable: 81 and the fix as plan gives, before any write")
    func updateNodeShellRefused() async throws {
        let catalog = try makeUpdateCatalog()
        try await withFakePVE { pve in
            try pve.call("add_ct", [150, "demo"], ["status": "running", "config": [
                "description": "## demo\n\(Self.mark)", "rootfs": "local-lvm:vm-150-disk-0,size=8G"]])
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let arguments = ["update", "150", "--catalog", catalog, "--yes"]
            // This machine is no Proxmox VE node: `local` is away from the node, as on a workstation.
            let local = try await CLITests.run(arguments + ["--node-shell", "local"], environment: environment)
            #expect(local.status == 81, "\(local.errors)")
            #expect(local.errors.contains("--node-shell local runs on this machine") && local.errors.contains("nothing was changed"), "\(local.errors)")
            #expect(local.errors.contains("--node-shell ssh://root@pve1") && !local.errors.contains("lxc-attach"), "\(local.errors)")
            let unreachable = try await CLITests.run(arguments + ["--node-shell", "ssh://root@127.0.0.1:1", "--json"], environment: environment)
            #expect(unreachable.status == 81, "\(unreachable.errors)")
            let error = unreachable.json["error"] as? [String: Any] ?? [:]
            #expect((error["message"] as? String)?.contains("is unusable") == true, "\(unreachable.output)")
            #expect((error["message"] as? String)?.contains("known_hosts") == true, "\(unreachable.output)")
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("explain-exit knows update's own codes 82 and 83")
    func explainUpdateCodes() async throws {
        let rolledBack = try await CLITests.run(["explain-exit", "82", "--json"], environment: ProcessInfo.processInfo.environment)
        #expect((rolledBack.json["explanation"] as? String)?.contains("rolled back") == true && rolledBack.json["category"] as? String == "runtime")
        let kept = try await CLITests.run(["explain-exit", "83"], environment: ProcessInfo.processInfo.environment)
        #expect(kept.output.contains("the snapshot is kept"))
    }
}
