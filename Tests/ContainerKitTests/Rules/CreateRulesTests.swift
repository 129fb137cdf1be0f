import ConfigResolution
import Foundation
import Testing
@testable import ContainerKit

/// What `create` and `plan` decided in the command line before: whether to ask, what the log masks before the settings
/// are resolved, how Proxmox VE is reached, the overrides of a run, the warnings before planning.
@Suite("Create's rules in ConfigResolution and ContainerKit")
struct CreateRulesTests {
    @Test("questions: never with --yes, --json or --mode; on a terminal unless PHS_SILENT=1, var_unattended or mode= say unattended")
    func asksQuestions() {
        func asks(_ answersOnly: Bool = false, mode: String? = nil, environment: [String: String] = [:], terminal: Bool = true) -> Bool {
            InstallMode.asksQuestions(answersOnly: answersOnly, modeFlag: mode, environment: environment, standardInputIsTerminal: terminal)
        }
        #expect(asks())
        #expect(!asks(true))
        #expect(!asks(mode: "advanced"))
        #expect(!asks(terminal: false))
        #expect(!asks(environment: ["PHS_SILENT": "1"]))
        #expect(!asks(environment: ["var_unattended": "YES"]))
        #expect(!asks(environment: ["mode": "mydefaults"]))
        #expect(asks(environment: ["mode": "advanced"]))
        #expect(asks(environment: ["var_unattended": "no"]))
    }

    @Test("menus: as questions, except that --mode advanced on a terminal goes to the wizard")
    func showsMenus() {
        func shows(_ answersOnly: Bool = false, mode: String? = nil, environment: [String: String] = [:], terminal: Bool = true) -> Bool {
            InstallMode.showsMenus(answersOnly: answersOnly, modeFlag: mode, environment: environment, standardInputIsTerminal: terminal)
        }
        #expect(shows())
        #expect(shows(mode: "advanced"))
        #expect(!shows(mode: "advanced", terminal: false))
        #expect(!shows(true, mode: "advanced"))
        #expect(!shows(mode: "default"))
        #expect(!shows(environment: ["PHS_SILENT": "1"]))
    }

    @Test("--set secrets: secret settings are warned about and masked; app keys that look secret are masked; others are not")
    func commandLineSecrets() {
        let settings = ["pw=hunter2-long", "var_cpu=2", "runner_token=tok-123456", "var_github_token=ghp_abcdef", "hostname=web"]
        #expect(ConfigKey.secretAssignments(in: settings).map(\.key) == ["pw", "var_github_token"])
        #expect(ConfigKey.secretValues(in: settings).sorted() == ["ghp_abcdef", "hunter2-long", "tok-123456"])
        #expect(ConfigKey.processListWarning(for: "pw")
            == "pw given with --set is visible to every user of this machine in the process list; prefer the environment variable or a defaults file with mode 0600")
        let redactor = Redactor(environment: ["PROXMOX_VE_PASSWORD": "pve-secret-1"], commandLineSettings: settings)
        #expect(redactor.redact("hunter2-long tok-123456 ghp_abcdef pve-secret-1 web 2") == "******** ******** ******** ******** web 2")
    }

    @Test("connection: --endpoint wins and is named; without an endpoint the run is on the node")
    func connection() {
        let environment = ["PROXMOX_VE_ENDPOINT": "https://10.0.0.1:8006", "PROXMOX_VE_API_TOKEN": "root@pam!ci=0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff"]
        let flagged = ConnectionSettings(environment: environment, endpointFlag: "https://127.0.0.1:8006")
        #expect(flagged.endpoint == "https://127.0.0.1:8006" && flagged.endpointSetting == "--endpoint" && !flagged.isOnNode)
        let plain = ConnectionSettings(environment: environment, endpointFlag: nil)
        #expect(plain.endpoint == "https://10.0.0.1:8006" && plain.endpointSetting == "PROXMOX_VE_ENDPOINT")
        #expect(ConnectionSettings(environment: [:], endpointFlag: nil).isOnNode)
    }

    @Test("a run's overrides: install logs in the run log's folder, the connection's secrets masked")
    func runOverrides() {
        let environment = ["LXC_BUILD_LOG_DIR": "/tmp/lxcb-logs", "PROXMOX_VE_API_TOKEN": "root@pam!ci=0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff"]
        let connection = ConnectionSettings(environment: environment)
        let overrides = BuildOverrides(environment: environment, connection: connection)
        #expect(overrides.logDirectory == RunLog.folder(environment: environment))
        #expect(overrides.connectionSecrets == ["0b1c2d3e-aaaa-bbbb-cccc-ddddeeeeffff"])
    }

    @Test("before planning: ignored overrides and wizard SSH keys without a node shell are warned about; the node's hardware is read on the node only")
    func warningsAndHostReport() throws {
        let configuration = try ConfigLoader(environment: [:]).resolve(mode: .default, app: nil)
        var overrides = BuildOverrides()
        overrides.ipv6Address = "fd00::5/64"
        overrides.sshKeys = ["ssh-ed25519 AAAA test"]
        let input = BuildInput(configuration: configuration, app: nil, overrides: overrides)
        #expect(input.warnings(shell: nil) == [
            "--ipv6-address and --ipv6-gateway are used only with var_ipv6_method=static; ignored",
            "the 1 SSH key(s) chosen in the wizard are not installed: work inside the container needs a node shell (--node-shell)",
        ])
        #expect(input.warnings(shell: LocalNodeShell()).count == 1)
        let onNode = input.builderOptions(shell: nil, connection: ConnectionSettings(environment: [:]))
        #expect(onNode.hostReport != nil)
        let remote = input.builderOptions(shell: nil, connection: ConnectionSettings(environment: ["PROXMOX_VE_ENDPOINT": "https://127.0.0.1:8006"]))
        #expect(remote.hostReport == nil)
    }
}
