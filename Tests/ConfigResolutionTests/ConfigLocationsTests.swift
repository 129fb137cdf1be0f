@testable import ConfigResolution
import Testing

@Suite("File locations")
struct ConfigLocationsTests {
    @Test("build.func's places, in order: base folder, $HOME/.config, the working folder")
    func standard() {
        let locations = ConfigLocations(environment: ["HOME": "/root"], currentDirectory: "/work")
        #expect(locations.baseDirectory == "/usr/local/community-scripts")
        #expect(locations.globalFileCandidates == [
            "/usr/local/community-scripts/default.vars", "/root/.config/community-scripts/default.vars",
            "/work/default.vars",
        ])
        #expect(locations.appDefaultsDirectory == "/usr/local/community-scripts/defaults")
    }

    @Test("LXC_BUILD_DEFAULTS_DIR replaces the base folder; a trailing slash is ignored")
    func override() throws {
        let locations = ConfigLocations(environment: ["LXC_BUILD_DEFAULTS_DIR": "/tmp/cs/"], currentDirectory: "/")
        #expect(locations.canonicalGlobalFile == "/tmp/cs/default.vars")
        #expect(locations.appDefaultsFile(for: try AppProfile(name: "Home Assistant"))
            == "/tmp/cs/defaults/homeassistant.vars")
        #expect(locations.globalFileCandidates == ["/tmp/cs/default.vars", "/default.vars"])
    }

    @Test("The first global file that exists is used")
    func firstExisting() throws {
        let host = Host(environment: ["HOME": "/home/me"])
        host.fileSystem.add("/home/me/.config/community-scripts/default.vars", "var_vlan=7\n")
        host.fileSystem.add("/nowhere/default.vars", "var_vlan=8\n")
        let file = try #require(try host.loader.globalFile())
        #expect(file.path == "/home/me/.config/community-scripts/default.vars")
        host.fileSystem.add(Host.globalPath, "var_vlan=6\n")
        #expect(try host.loader.resolve(mode: .mydefaults, app: nil).integer(.vlan) == 6)
    }

    @Test("Apps with a defaults file are listed")
    func listing() throws {
        let host = Host(appFile: "var_cpu=2\n")
        host.fileSystem.add(Host.base + "/defaults/plex.vars", "")
        host.fileSystem.add(Host.base + "/defaults/notes.txt", "")
        #expect(try host.loader.appsWithDefaults() == ["demo", "plex"])
        #expect(try Host().loader.appsWithDefaults() == [])
    }

    @Test("A caller can resolve its own layers without any file")
    func layersWithoutFiles() throws {
        let layers = [try ConfigLayer.commandLine(["ram=4096"]), .environment(["var_cpu": "2"]), .builtIn()]
        let resolved = try ResolvedConfiguration(mode: .default, app: nil, layers: layers)
        #expect(resolved.integer(.ram) == 4096 && resolved.integer(.cpu) == 2 && resolved.integer(.disk) == 4)
        #expect(resolved.list(.tags) == ["community-script"] && resolved.network == .dhcp)
    }
}
