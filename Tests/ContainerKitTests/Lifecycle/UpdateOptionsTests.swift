import ConfigResolution
import ContainerKit
import Testing

/// The update's option rules are ContainerKit's, so a Swift tool gets the command line's answers.
@Suite("update options: the rules a library caller and the command line share")
struct UpdateOptionsTests {
    @Test("snapshot and backup flags: a backup replaces the snapshot; both is 64")
    func protection() throws {
        #expect(try ContainerUpdate.Options.protection(snapshot: nil, backup: nil) == .automatic)
        #expect(try ContainerUpdate.Options.protection(snapshot: true, backup: nil) == .snapshot)
        #expect(try ContainerUpdate.Options.protection(snapshot: false, backup: nil) == ContainerUpdate.Protection.none)
        #expect(try ContainerUpdate.Options.protection(snapshot: nil, backup: "pbs") == .backup(storage: "pbs"))
        let both = #expect(throws: BuildError.self) { try ContainerUpdate.Options.protection(snapshot: false, backup: "pbs") }
        #expect(both?.exitCode == 64 && both?.message.contains("not both") == true)
    }

    @Test("keeping a snapshot needs one; an app name is a name", arguments: [
        (ContainerUpdate.Protection.none, true, nil as String?, "--keep-snapshot"),
        (.backup(storage: "pbs"), true, nil, "--keep-snapshot"),
        (.automatic, false, "../etc", "--app '../etc'"),
        (.automatic, false, "a b", "--app 'a b'"),
    ])
    func refused(protection: ContainerUpdate.Protection, keep: Bool, app: String?, named: String) {
        var options = ContainerUpdate.Options()
        options.protection = protection
        options.keepSnapshot = keep
        options.app = app
        let error = #expect(throws: BuildError.self) { try options.validate() }
        #expect(error?.exitCode == 64 && error?.message.hasPrefix(named) == true, "\(error?.message ?? "")")
    }

    @Test("var_ignore_os_mismatch takes the settings' yes/no spellings; another value is 64 naming it")
    func ignoreOSMismatch() throws {
        for (value, expected) in [("on", true), ("TRUE", true), ("1", true), ("no", false), ("", false)] {
            var options = ContainerUpdate.Options()
            try options.readEnvironment(["var_ignore_os_mismatch": value])
            #expect(options.ignoreOSMismatch == expected, "\(value)")
        }
        var options = ContainerUpdate.Options()
        let error = #expect(throws: BuildError.self) { try options.readEnvironment(["var_ignore_os_mismatch": "sure"]) }
        #expect(error?.exitCode == 64 && error?.message.contains("var_ignore_os_mismatch") == true, "\(error?.message ?? "")")
        #expect(throws: ConfigError.self) { try ControlVariable.flag("var_ignore_os_mismatch", in: ["var_ignore_os_mismatch": "maybe"]) }
    }
}
