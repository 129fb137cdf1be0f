import Foundation
import Testing
@testable import ConfigResolution

/// How answers (the advanced wizard's) go on top of the given --set and --unset, and where the settings menu edits.
@Suite("CommandLineSettings.overlaid and ConfigLocations' files to edit")
struct CommandLineSettingsTests {
    @Test("an assignment's key, with or without var_, spaces ignored; an app's own key or no name is none")
    func keys() {
        #expect(CommandLineSettings.key(ofAssignment: "cpu=2") == .cpu)
        #expect(CommandLineSettings.key(ofAssignment: " var_ram =512") == .ram)
        #expect(CommandLineSettings.key(ofAssignment: "var_runner_token=x") == nil)
        #expect(CommandLineSettings.key(ofAssignment: "=x") == nil)
    }

    @Test("answers come after the given assignments; a cleared setting drops its assignment and is unset; an answered one drops its unset")
    func overlay() {
        let given = CommandLineSettings(assignments: ["vlan=30", "var_cpu=2", "var_app_token=t"], unset: ["mtu", "var_ram", "ns"])
        let settings = given.overlaid(answers: ["var_ram=1024", "var_cpu=4"], cleared: [.vlan, .nameserver])
        #expect(settings.assignments == ["var_cpu=2", "var_app_token=t", "var_ram=1024", "var_cpu=4"])
        #expect(settings.unset == ["mtu", "ns", "var_vlan", "var_ns"])
        #expect(CommandLineSettings().overlaid(answers: [], cleared: []) == CommandLineSettings())
    }

    @Test("the global file to edit is the first that exists, else the canonical one, created empty 0644; the app file's existence")
    func filesToEdit() throws {
        let locations = ConfigLocations(environment: ["LXC_BUILD_DEFAULTS_DIR": "/cfg", "HOME": "/home/u"], currentDirectory: "/work")
        let files = InMemoryFileSystem()
        #expect(locations.globalFileToEdit(in: files) == "/cfg/default.vars")
        files.add("/home/u/.config/community-scripts/default.vars", "var_cpu=2\n")
        #expect(locations.globalFileToEdit(in: files) == "/home/u/.config/community-scripts/default.vars")
        #expect(try locations.prepareGlobalFileForEditing(in: files) == "/home/u/.config/community-scripts/default.vars")
        #expect(files.writes.isEmpty, "an existing file is left as it is")

        let empty = InMemoryFileSystem()
        #expect(try locations.prepareGlobalFileForEditing(in: empty) == "/cfg/default.vars")
        #expect(empty.text("/cfg/default.vars") == "" && empty.permissions("/cfg/default.vars") == 0o644)

        let app = try AppProfile(name: "demo")
        #expect(!locations.appDefaultsFileExists(for: app, in: files))
        files.add("/cfg/defaults/demo.vars", "var_cpu=4\n")
        #expect(locations.appDefaultsFileExists(for: app, in: files))
    }
}
