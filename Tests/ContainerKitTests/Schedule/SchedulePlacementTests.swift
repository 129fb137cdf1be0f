import Foundation
import Testing
@testable import ContainerKit

/// Where `lxc-build schedule` writes and what its timer runs, decided in ContainerKit.
@Suite("ScheduleInstaller(nodeShell:executable:): the node, the executable the timer runs, the job's default name")
struct SchedulePlacementTests {
    @Test("the executable: the one given, else this program on the node itself, else /usr/bin/lxc-build")
    func executable() throws {
        #expect(ScheduleLocations.defaultExecutable(for: .local, running: "/opt/lxc-build") == "/opt/lxc-build")
        #expect(ScheduleLocations.defaultExecutable(for: .local, running: nil) == "/usr/bin/lxc-build")
        let ssh = try NodeShellChoice(parsing: "ssh://root@pve1")
        #expect(ScheduleLocations.defaultExecutable(for: ssh, running: "/opt/lxc-build") == "/usr/bin/lxc-build")
        #expect(try ScheduleInstaller(nodeShell: "local", executable: nil, running: "/opt/lxc-build").locations.executable == "/opt/lxc-build")
        #expect(try ScheduleInstaller(nodeShell: "ssh://root@pve1", executable: nil, running: "/opt/lxc-build").locations.executable
                    == "/usr/bin/lxc-build")
        #expect(try ScheduleInstaller(nodeShell: "local", executable: "/usr/local/bin/lxc-build").locations.executable
                    == "/usr/local/bin/lxc-build")
    }

    @Test("refusals name the option and the value: a relative executable, an unparsable or absent node shell (64)")
    func refusals() {
        #expect { try ScheduleInstaller(nodeShell: "local", executable: "bin/lxc-build") } throws: { error in
            (error as? BuildError)?.exitCode == .usage && (error as? BuildError)?.message == "--executable 'bin/lxc-build' is not an absolute path"
        }
        #expect { try ScheduleInstaller(nodeShell: "none", executable: nil) } throws: { error in
            (error as? BuildError)?.exitCode == .usage && (error as? BuildError)?.message.contains("--node-shell is none") == true
        }
        #expect { try ScheduleInstaller(nodeShell: "telnet://pve1", executable: nil) } throws: { error in
            (error as? BuildError)?.exitCode == .usage && (error as? BuildError)?.message.hasPrefix("--node-shell: ") == true
        }
    }

    @Test("a job without a name is named after its command")
    func defaultName() {
        #expect(ScheduledJob(command: .update, arguments: ["--all"], calendar: "daily", name: nil).name == "update")
        #expect(ScheduledJob(command: .health, arguments: [], calendar: "daily", name: nil).name == "health")
        #expect(ScheduledJob(command: .health, arguments: [], calendar: "daily", name: "nightly").name == "nightly")
    }

    @Test("schedule remove --json is the encoding of ScheduleRemovalReport")
    func removalReport() throws {
        let text = try ReportEncoder.text(ScheduleRemovalReport(name: "nightly"), pretty: false)
        #expect(text == #"{"name":"nightly","status":"removed"}"#)
        #expect(try JSONDecoder().decode(ScheduleRemovalReport.self, from: Data(text.utf8)) == ScheduleRemovalReport(name: "nightly"))
    }
}
