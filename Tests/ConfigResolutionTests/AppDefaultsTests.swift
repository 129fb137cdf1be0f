@testable import ConfigResolution
import Foundation
import Testing

@Suite("Saving app defaults")
struct AppDefaultsTests {
    static let date = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("The file has build.func's header and key order, tags with ';' survive, mode 0644 without secrets")
    func layout() throws {
        let host = Host(environment: ["var_tags": "community-script;media", "var_mtu": "9000", "var_ram": "2048"])
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app([.cpu: "2"]),
                                               commandLine: ["disk=8", "os=debian", "unprivileged=1"])
        let result = try host.loader.saveAppDefaults(resolved, generatedAt: Self.date)
        #expect(result.didWrite && result.permissions == 0o644 && result.path == Host.appPath)
        #expect(host.fileSystem.permissions(Host.appPath) == 0o644)
        let text = try #require(host.fileSystem.text(Host.appPath))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "# App-specific defaults for Demo (demo)")
        #expect(lines[1] == "# Generated on 2027-01-15T08:00:00Z")
        #expect(Array(lines[2...]) == ["var_os=debian", "var_unprivileged=1", "var_ram=2048", "var_disk=8", "var_mtu=9000",
                                       "var_tags=\"community-script;media\""])
        let keys = lines.dropFirst(2).compactMap { $0.split(separator: "=").first.map(String.init) }
        let expectedOrder = (AppDefaultsWriter.alwaysWritten + AppDefaultsWriter.writtenWhenSet).map(\.variableName)
        #expect(keys == expectedOrder.filter(keys.contains))
        #expect(!keys.contains("var_ctid") && !keys.contains("var_pw"))
    }

    @Test("Only what the user chose is saved: not the derived keyctl and host name, the built-ins, the app's values or the global file")
    func chosenOnly() throws {
        let host = Host(global: "var_mtu=9000\n", appFile: "var_vlan=10\n", environment: ["var_ram": "2048"])
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app([.cpu: "4"]), commandLine: ["cpu=2"])
        #expect(resolved[.keyctl].source == .derived(basis: "var_unprivileged=1") && resolved.text(.hostname) != nil)
        let entries = AppDefaultsWriter.entries(of: resolved)
        #expect(entries.map(\.key) == [.cpu, .ram, .vlan], "\(entries.map(\.key.variableName))")
        #expect(entries.map(\.text) == ["2", "2048", "10"])
    }

    @Test("A secret makes the file 0600")
    func secretMode() throws {
        let host = Host(environment: ["var_pw": "s3cret\"quoted\"#1"])
        let resolved = try host.loader.resolve(mode: .advanced, app: try Host.app())
        #expect(try host.loader.saveAppDefaults(resolved).permissions == 0o600)
        #expect(host.fileSystem.permissions(Host.appPath) == 0o600)
    }

    @Test("Save, parse and resolve again give the same settings, for awkward values too")
    func roundTrip() throws {
        let environment = [
            "var_tags": "community-script;media;a_b", "var_pw": "p\"a'ss#$(x)`y`", "var_net": "10.0.0.5/24",
            "var_gateway": "10.0.0.1", "var_ssh_authorized_key": "ssh-ed25519 AAAAC3Nza me@host # laptop",
            "var_github_token": "ghp_abc", "var_mount_fs": "nfs,cifs", "var_ns": "1.1.1.1 8.8.8.8",
            "var_http_no_proxy": "localhost,.lan", "var_fuse": "1", "var_post_install": "/root/after.sh",
            "var_searchdomain": "lan example.com", "var_cpu": "3", "var_hostname": "web.example.com",
        ]
        let host = Host(environment: environment)
        let app = try Host.app([.ram: "2048"])
        let saved = try host.loader.resolve(mode: .advanced, app: app)
        _ = try host.loader.saveAppDefaults(saved)
        let reread = try #require(try host.loader.appDefaultsFile(for: app))
        #expect(reread.warnings.isEmpty)
        for (key, text) in AppDefaultsWriter.entries(of: saved) {
            #expect(reread.entries[key]?.value?.canonicalText == text, "\(key.variableName)")
        }
        var clean = host
        clean.environment = [ConfigLocations.baseDirectoryVariable: Host.base]
        let again = try clean.loader.resolve(mode: .appdefaults, app: app)
        for key in ConfigKey.fileKeys {
            #expect(again.value(key) == saved.value(key), "\(key.variableName)")
        }
    }

    @Test("The diff shows changed, removed and added keys, masks secrets, and nothing is written when equal")
    func diff() throws {
        let host = Host(appFile: "var_cpu=2\nvar_vlan=10\nvar_pw=old-pw\nvar_fuse=1\nvar_os=debian\n",
                        environment: ["var_cpu": "4", "var_pw": "new-pw", "var_fuse": "yes"])
        let resolved = try host.loader.resolve(mode: .default, app: try Host.app())
        let diff = try host.loader.appDefaultsDiff(for: resolved)
        #expect(diff.changes.contains(.changed(.cpu, old: "2", new: "4")))
        #expect(diff.changes.contains(.removed(.vlan, old: "10")))
        #expect(!diff.changes.contains { if case .added(.ram, _) = $0 { true } else { false } }, "the built-in ram is no choice")
        #expect(!diff.changes.contains { if case .changed(.fuse, _, _) = $0 { true } else { false } })
        #expect(!diff.changes.contains { if case .added(.os, _) = $0 { true } else { false } })
        let text = diff.description
        #expect(text.hasPrefix("# Diff for Demo (demo)\n# Old: \(Host.appPath)\n# New: current settings\n"))
        #expect(text.contains("~ var_cpu\n  - old: 2\n  + new: 4"))
        #expect(text.contains("- var_vlan\n  - old: 10"))
        #expect(text.contains("~ var_pw\n  - old: ********\n  + new: ********"))
        #expect(!text.contains("old-pw") && !text.contains("new-pw"))

        _ = try host.loader.saveAppDefaults(resolved)
        let second = try host.loader.saveAppDefaults(resolved)
        #expect(!second.didWrite && second.diff.description.hasSuffix("(No differences)"))
        #expect(host.fileSystem.writes.count == 1)
    }

    @Test("Saving needs an app")
    func needsApp() throws {
        let host = Host()
        let resolved = try host.loader.resolve(mode: .default, app: nil)
        #expect { _ = try host.loader.saveAppDefaults(resolved) } throws: {
            ($0 as? ConfigError)?.code == .invalidApp
        }
    }
}
