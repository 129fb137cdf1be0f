import ConfigResolution
import ContainerKitTestSupport
import Foundation
import LXCBuildTestSupport
import Synchronization
import Testing
@testable import ContainerKit

/// `CreateSetup` is the composition `create` and `plan` use: a Swift tool gives it the same words and gets the same
/// settings (with their sources), spec and builder options, and the questions' answers take effect as the wizard's do.
@Suite("CreateSetup: a create prepared from command-line words")
struct CreateSetupTests {
    /// The environment of a run against `pve`, with its own defaults folder.
    static func environment(_ pve: FakePVE) throws -> [String: String] {
        ["PROXMOX_VE_ENDPOINT": pve.info.url, "PROXMOX_VE_FINGERPRINT": pve.info.fingerprint, "PROXMOX_VE_USERNAME": "root@pam",
         "PROXMOX_VE_PASSWORD": "Setup-Secret-7", "LXC_BUILD_DEFAULTS_DIR": try temporaryFolder(), "var_ram": "1024"]
    }

    @Test("flags, --set and the environment resolve as create resolves them: each value names its flag or layer; the node and secrets reach the overrides")
    func preparedFromWords() async throws {
        try await withFakePVE { pve in
            var setup = CreateSetup(app: "debian", environment: try Self.environment(pve))
            setup.settings = ["var_disk=9"]
            setup.flagSettings = [CreateSetup.FlagSetting("var_cpu=3", flag: "--cpu")]
            setup.node = "pve1"
            let events = EventLog()
            let prepared = try await setup.prepare(events: events.handler)
            #expect(prepared.spec.cores == 3 && prepared.spec.diskGiB == 9 && prepared.spec.memoryMiB == 1024)
            #expect(prepared.configuration[.cpu].source == .option("--cpu"))
            #expect(prepared.configuration[.disk].source == .commandLine)
            #expect(prepared.configuration[.ram].source == .environment)
            #expect(prepared.input.overrides.node == .named("pve1") && prepared.input.overrides.nodeSetting == "--node")
            #expect(prepared.input.overrides.connectionSecrets.contains("Setup-Secret-7"))
        }
    }

    @Test("the interview sees the given mode and settings and the node; its answers (mode, settings, IPv6, keys) are what is resolved")
    func interviewAnswersApply() async throws {
        try await withFakePVE { pve in
            var setup = CreateSetup(app: "debian", environment: try Self.environment(pve))
            setup.modeFlag = "advanced"
            setup.settings = ["var_cpu=1"]
            setup.node = "pve1"
            let seen = Mutex<CreateSetup.Interview?>(nil)
            let prepared = try await setup.prepare(interview: { interview, given in
                seen.withLock { $0 = interview }
                #expect(given.mode == .advanced && given.settings.assignments == ["var_cpu=1"])
                var answers = given
                answers.settings = given.settings.overlaid(answers: ["var_cpu=4"], cleared: [])
                answers.ipv6Address = "fd00::5/64"
                answers.sshKeys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBjd5KkW1hUV5sDeBtVtvSLyMeqLwXWHnYEnlYXvN8Rj wizard"]
                return answers
            }, events: EventLog().handler)
            #expect(seen.withLock { $0?.explicitMode } == .advanced)
            #expect(seen.withLock { $0?.node } == "pve1")
            #expect(prepared.spec.cores == 4)
            #expect(prepared.input.overrides.ipv6Address == "fd00::5/64")
            #expect(prepared.input.overrides.sshKeys.count == 1)
        }
    }

    @Test("a node name that cannot be one and an unknown app stop before any request, naming the value")
    func refusals() async throws {
        var setup = CreateSetup(app: "debian", environment: ["LXC_BUILD_DEFAULTS_DIR": try temporaryFolder()])
        setup.node = "bad node"
        await #expect(throws: BuildError.self) { try await setup.prepare(events: EventLog().handler) }
        setup.node = nil
        setup.app = "debain"
        do {
            _ = try await setup.prepare(events: EventLog().handler)
            Issue.record("a misspelt base OS was accepted")
        } catch let error as BuildError {
            #expect(error.exitCode == .usage && error.message.contains("debian"), "\(error.message)")
        }
    }
}
