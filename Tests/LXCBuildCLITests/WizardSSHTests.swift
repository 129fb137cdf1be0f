import ConfigResolution
import Foundation
import HostProbe
import Testing

@testable import lxc_build

/// Step 17 with keys found on a fixture host (a folder read as the host's `/`).
@Suite("Wizard: SSH keys from the host or a path")
struct WizardSSHTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    static let rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7"

    let loader: ConfigLoader
    let app: AppProfile
    let root: String

    /// A host whose root has two keys in authorized_keys (one behind options, CRLF line ends), a `.pub` file
    /// repeating one of them, a private key and known_hosts; and a team folder elsewhere.
    init() throws {
        loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": try CLITests.temporaryDirectory()])
        app = try AppProfile(name: "debian", declaredDefaults: [.os: "debian", .version: "12"])
        root = try CLITests.temporaryDirectory()
        let files = [
            "root/.ssh/authorized_keys": "command=\"/bin/true\",no-pty \(Self.ed25519) admin@laptop\r\n\(Self.rsa) backup\r\n",
            "root/.ssh/id_ed25519.pub": "\(Self.ed25519) admin@laptop\n",
            "root/.ssh/id_ed25519": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
            "root/.ssh/known_hosts": "pve \(Self.rsa)\n",
            "etc/team/alice.pub": "ssh-ed25519 AAAAalice alice@team\n",
            "etc/team/config": "Host *\n",
            "etc/team/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n\(Self.rsa) hidden\n",
        ]
        for (path, text) in files {
            let file = root + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    func context() throws -> WizardContext {
        let host = try RootedFileSystem(root: URL(fileURLWithPath: root))
        var context = WizardContext()
        context.hostKeys = SSHKeySearch.keys(in: host)
        context.keyFiles = host
        return context
    }

    /// Steps 1-8, IPv4 (DHCP), IPv6 and 11-16: 16 questions before the SSH key menu.
    func run(_ context: WizardContext, _ answers: [PromptAnswer?]) throws -> (WizardResult?, ScriptedPrompter) {
        let prompter = ScriptedPrompter(Array(repeating: nil, count: 16) + answers)
        let wizard = AdvancedWizard(prompter: prompter, validator: loader.validator, context: context, appName: "debian")
        return (wizard.run(from: try loader.resolve(mode: .advanced, app: app)), prompter)
    }

    @Test("the host's keys are found as build.func does: options stripped, CRLF tolerated, each key once, private files skipped")
    func detection() throws {
        let keys = try context().hostKeys
        #expect(keys.map(\.authorizedKeysLine) == ["\(Self.ed25519) admin@laptop", "\(Self.rsa) backup"])
        #expect(keys.allSatisfy { $0.file == "/root/.ssh/authorized_keys" })
    }

    @Test("all found keys, or one of them, become root's keys; the menu shows type, comment and file")
    func foundKeys() throws {
        let (all, prompter) = try run(try context(), [.value("found"), .value("yes")])
        let menu = try #require(prompter.asked.first { $0.title.hasSuffix("· SSH key") })
        #expect(menu.text.contains("All 2 key(s) found on this host"))
        #expect(menu.text.contains("[ssh-ed25519] admin@laptop — /root/.ssh/authorized_keys"))
        #expect(all?.sshKeys == ["\(Self.ed25519) admin@laptop", "\(Self.rsa) backup"])
        #expect(all?.assignments.contains("var_ssh=yes") == true)

        let (one, _) = try run(try context(), [.value("key2"), nil])
        #expect(one?.sshKeys == ["\(Self.rsa) backup"])
    }

    @Test("a path: an empty one is refused and asked again; a folder gives its key files' keys")
    func fromPath() throws {
        let (result, prompter) = try run(try context(), [.value("folder"), .value("/etc/nothing"), .value("/etc/team"), nil])
        #expect(prompter.asked.contains { $0.title == "No SSH keys" && $0.text.contains("/etc/nothing") })
        #expect(result?.sshKeys == ["ssh-ed25519 AAAAalice alice@team"])
    }

    @Test("without keys on the host only paste, path and none are offered; a pasted key is var_ssh_authorized_key")
    func noHostKeys() throws {
        let (result, prompter) = try run(WizardContext(), [.value("manual"), .value("\(Self.ed25519) me"), nil])
        let menu = try #require(prompter.asked.first { $0.title.hasSuffix("· SSH key") })
        #expect(!menu.text.contains("found on this host"))
        #expect(result?.assignments.contains("var_ssh_authorized_key=\(Self.ed25519) me") == true)
        #expect(result?.sshKeys.isEmpty == true)
    }
}
