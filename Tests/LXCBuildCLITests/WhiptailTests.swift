import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// The menus, the advanced wizard and the save offer as whiptail dialogs on a pseudo-terminal (100x30, xterm),
/// answered with keys by `scripts/pty_driver.py`. whiptail is required (`make system-deps` installs it): without
/// it these tests fail rather than skip.
@Suite("whiptail dialogs on a pseudo-terminal", .serialized)
struct WhiptailTests {
    typealias Step = PseudoTerminal.Step

    /// The environment of a run against `pve` with whiptail dialogs.
    func environment(_ pve: FakePVE, defaults: String) throws -> [String: String] {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/whiptail"),
                     "whiptail is missing: `make system-deps` installs it")
        var environment = CLITests.environment(for: pve, defaults: defaults)
        environment["LXC_BUILD_PROMPTS"] = nil
        environment["TERM"] = "xterm"
        return environment
    }

    /// Runs `lxc-build arguments` on the terminal and checks that every step's screen came and the run ended.
    func run(_ arguments: [String], _ environment: [String: String], _ steps: [Step]) async throws -> PseudoTerminal.Run {
        let run = try await PseudoTerminal().run([CLITests.executable] + arguments, environment: environment, steps: steps)
        let failed = run.failedStep.map { "step \($0) (\(steps[$0].expect)) never came" } ?? ""
        #expect(run.failedStep == nil && !run.timedOut, "\(failed)\n\(run.transcript.suffix(3000))")
        return run
    }

    @Test("main menu → Settings → edit default.vars in $EDITOR → back → User Defaults uses the edited file")
    func mainMenuAndSettings() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let defaults = try CLITests.temporaryDirectory()
            var environment = try environment(pve, defaults: defaults)
            environment["EDITOR"] = "sh -c 'echo var_cpu=3 >> \"$0\"'"  // the "editor" adds a line to the file it gets
            let run = try await run(["create", "debian", "--os-version", "12", "--ip", "10.60.0.30/24"], environment, [
                Step("Community-Scripts Options", ["DOWN", "DOWN", "DOWN", "ENTER"]),  // 4 Settings
                Step("Back to Main Menu", ["UP", "ENTER"]),  // Edit Default.vars
                Step("Back to Main Menu", ["ENTER"]),  // after the editor: Back
                Step("Community-Scripts Options", ["DOWN", "DOWN", "ENTER"]),  // 3 User Defaults
            ])
            #expect(run.status == 0)
            #expect(run.transcript.contains("Default Install") && run.transcript.contains("Edit Default.vars"))
            #expect(try String(contentsOfFile: defaults + "/default.vars", encoding: .utf8).contains("var_cpu=3"))
            #expect(try await pve.passwordClient().node("pve1").container(100).config().options.cores == 3)
        }
    }

    @Test("a full advanced wizard run with Back, an id in use, the node's bridges, saving app defaults; a second run views the diff and updates")
    func advancedWizardAndDiff() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try pve.call("add_ct", [100, "taken"])
            let defaults = try CLITests.temporaryDirectory()
            let environment = try environment(pve, defaults: defaults)
            let enter = ["ENTER"]
            var steps = [Step("Step 1/31", enter), Step("Step 2/31", enter), Step("Step 3/31", ["CLEAR", "100", "ENTER"]),
                         Step("Container ID 100 is already in use", enter),  // Yes: the next free one
                         Step("Step 4/31", ["CLEAR", "wiz-host", "ENTER"]), Step("Step 5/31", enter),
                         Step("Step 6/31", ["TAB", "TAB", "ENTER"]),  // Back, to the disk size
                         Step("Step 5/31", ["CLEAR", "6", "ENTER"]), Step("Step 6/31", ["CLEAR", "2", "ENTER"]),
                         Step("Step 7/31", enter), Step("Choose the bridge", enter),  // the node's bridges, a menu
                         Step("Step 9/31", ["DOWN", "ENTER"]),  // static
                         Step("Address with prefix", ["CLEAR", "10.60.0.31/24", "ENTER"]),
                         Step("Gateway", ["CLEAR", "10.60.0.1", "ENTER"])]
            steps += (10...16).map { Step("Step \($0)/31", enter) }
            steps += [Step("SSH key for root", enter), Step("Enable root SSH access", enter)]
            steps += [18, 19, 20, 21, 23, 24, 26, 27, 28, 29, 30, 31].map { Step("Step \($0)/31", enter) }
            steps += [Step("Settings summary", enter), Step("Save app defaults", ["TAB", "ENTER"])]  // Yes
            let first = try await run(["create", "debian", "--os-version", "12", "--mode", "advanced"], environment, steps)
            #expect(first.status == 0)
            #expect(first.squeezed.contains("Use the next free ID, 101?") && first.squeezed.contains("vmbr0"))
            let config = try await pve.passwordClient().node("pve1").container(101).config()
            #expect(config.options.hostname == "wiz-host" && config.options.cores == 2 && config.options.rootfs?.size == "6G")
            #expect(config.options.networks[0]?.ip == "10.60.0.31/24" && config.options.networks[0]?.gateway == "10.60.0.1")
            let file = defaults + "/defaults/debian.vars"
            #expect(first.squeezed.contains("Saved app defaults: \(file)"))
            let saved = try String(contentsOfFile: file, encoding: .utf8)
            #expect(saved.contains("var_cpu=2") && saved.contains("var_disk=6") && saved.contains("var_hostname=wiz-host"))

            // Second run: every step pre-filled from the saved file (Enter throughout); --cpu 3 differs, so the
            // menu offers the diff: View Diff, close it, Update Defaults. The saved file gives it the first container's
            // static address, which a create refuses while in use: the first one moves to another.
            var moved = ContainerConfigUpdate()
            var interface = NetworkInterface(name: "eth0", bridge: "vmbr0")
            interface.ip = "10.60.0.99/24"
            moved.options.networks[0] = interface
            try await pve.passwordClient().node("pve1").container(101).updateConfig(moved)
            var again = (1...8).map { Step("Step \($0)/31", enter) }
            again += [Step("Step 9/31", enter), Step("Address with prefix", enter), Step("Gateway", enter)]
            again += (10...16).map { Step("Step \($0)/31", enter) }
            again += [Step("SSH key for root", enter), Step("Enable root SSH access", enter)]
            again += [18, 19, 20, 21, 23, 24, 26, 27, 28, 29, 30, 31].map { Step("Step \($0)/31", enter) }
            again += [Step("Settings summary", enter), Step("APP DEFAULTS", ["DOWN", "DOWN", "ENTER"]),
                      Step("+ new: 3", enter), Step("APP DEFAULTS", enter)]
            let second = try await run(["create", "debian", "--os-version", "12", "--mode", "advanced", "--cpu", "3"],
                                       environment, again)
            #expect(second.status == 0)
            #expect(second.squeezed.contains("~ var_cpu") && second.squeezed.contains("- old: 2"))
            #expect(second.squeezed.contains("View Diff") && second.squeezed.contains("Update Defaults"))
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("var_cpu=3"))
            #expect(try await pve.passwordClient().node("pve1").container(102).config().options.cores == 3)
        }
    }

    @Test("a storage 96% full asks Yes/No as a whiptail dialog: the default No stops with 214, Yes goes on")
    func fullStorageConfirm() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            // local-lvm is 100 GiB: a 96 GiB volume leaves 4 GiB, enough for the 2 GiB disk.
            try pve.call("store_file", ["local-lvm", "vm-999-disk-0.raw", 96 * 1_073_741_824], ["content": "images"])
            let environment = try environment(pve, defaults: try CLITests.temporaryDirectory())
            let arguments = ["create", "debian", "--os-version", "12", "--disk", "2", "--ip", "10.60.0.33/24"]
            let refused = try await run(arguments, environment, [
                Step("Community-Scripts Options", ["ENTER"]),
                Step("96% full. Continue anyway?", ["ENTER"]),  // No is the default
            ])
            #expect(refused.status == 214)
            #expect(try pve.writes().isEmpty)
            let accepted = try await run(arguments, environment, [
                Step("Community-Scripts Options", ["ENTER"]),
                Step("96% full. Continue anyway?", ["LEFT", "ENTER"]),  // Yes
            ])
            #expect(accepted.status == 0)
            #expect(try await pve.containerIDs() == [100])
        }
    }

    @Test("the storage question as a whiptail menu: the second storage chosen with the arrow keys is used")
    func storageQuestion() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            try await InteractionTests().addStorage(pve)
            let environment = try environment(pve, defaults: try CLITests.temporaryDirectory())
            let run = try await run(["create", "debian", "--os-version", "12", "--ip", "10.60.0.32/24"], environment, [
                Step("Community-Scripts Options", ["ENTER"]),  // Default Install
                Step("Which container storage?", ["DOWN", "ENTER"]),
            ])
            #expect(run.status == 0)
            let second = try #require(run.squeezed.firstMatch(of: /2 ([a-z-]+) \(/)).1
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.rootfs?.volume.hasPrefix(String(second) + ":") == true)
        }
    }

    @Test("a preset root password is not pre-filled on whiptail's command line: Enter keeps it (the verification matches)")
    func presetPassword() async throws {
        try await withFakePVE { pve in
            var environment = try environment(pve, defaults: try CLITests.temporaryDirectory())
            environment["var_pw"] = "Preset-Pw1"
            let back = ["TAB", "TAB", "ENTER"]
            let run = try await run(["create", "debian", "--os-version", "12", "--mode", "advanced"], environment, [
                Step("Step 1/31", ["ENTER"]), Step("Enter keeps the value already set", ["ENTER"]),
                Step("Verify the root password", ["Preset-Pw1", "ENTER"]),
                Step("Step 3/31", back), Step("Step 2/31", back), Step("Step 1/31", back),
            ])
            #expect(run.status == 0 && run.transcript.contains("User exited script"))
            #expect(!run.transcript.contains("Preset-Pw1") && !run.squeezed.contains("Passwords do not match"))
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("Back on the main menu exits 0 with build.func's message and creates nothing")
    func cancel() async throws {
        try await withFakePVE { pve in
            let environment = try environment(pve, defaults: try CLITests.temporaryDirectory())
            let run = try await run(["create", "debian", "--os-version", "12"], environment,
                                    [Step("Community-Scripts Options", ["TAB", "TAB", "ENTER"])])  // list → Ok → Back
            #expect(run.status == 0)
            #expect(run.transcript.contains("User exited script"))
            #expect(try pve.writes().isEmpty)
        }
    }
}
