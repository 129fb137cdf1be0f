import Foundation
import LXCBuildTestSupport
import ProxmoxAPI
import Testing

/// The menus and the wizard on a pseudo-terminal (plain prompts: no whiptail on PATH), and unattended runs.
@Suite("Main menu, advanced wizard and save offer on a terminal", .serialized)
struct InteractiveMenuTests {
    func terminalEnvironment(_ pve: FakePVE, defaults: String) -> [String: String] {
        var environment = CLITests.environment(for: pve, defaults: defaults)
        environment["LXC_BUILD_PROMPTS"] = "plain"  // numbered prompts even where whiptail is installed
        return environment
    }

    @Test("main menu → Default Install creates the container")
    func mainMenuDefault() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = terminalEnvironment(pve, defaults: try CLITests.temporaryDirectory())
            let run = try await InteractionTests().runOnTerminal(["create", "debian", "--os-version", "12", "--ip", "10.60.0.8/24"],
                                                           input: "1\n", environment: environment)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("Community-Scripts Options") && run.output.contains("1) Default Install"))
            #expect(!run.output.contains("App Defaults for") && !run.output.contains("Step 1/31"))
            #expect(try await pve.passwordClient().node("pve1").container(100).config().options.hostname == "debian")
        }
    }

    @Test("a full advanced wizard run with a Back, then saving app defaults; a second run shows the diff and updates")
    func advancedWizardAndSave() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let defaults = try CLITests.temporaryDirectory()
            let environment = terminalEnvironment(pve, defaults: defaults)
            // Steps 1-3 default, hostname, disk default, Back on CPU, disk 6, CPU 2, RAM and bridge default,
            // static IPv4 with gateway, steps 10-31 default (SSH has two questions), Create, save: yes.
            let answers = ["", "", "", "wiz-host", "", "<", "6", "2", "", "", "2", "10.60.0.9/24", "10.60.0.1"]
                + Array(repeating: "", count: 21) + ["y", "y"]
            let run = try await InteractionTests().runOnTerminal(["create", "debian", "--os-version", "12", "--mode", "advanced"],
                                                           input: answers.joined(separator: "\n") + "\n", environment: environment)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("Step 31/31") && run.output.contains("Settings summary"))
            #expect(run.output.components(separatedBy: "Step 5/31").count == 3)  // disk asked twice: Back works
            let config = try await pve.passwordClient().node("pve1").container(100).config()
            #expect(config.options.hostname == "wiz-host" && config.options.cores == 2 && config.options.rootfs?.size == "6G")
            let file = defaults + "/defaults/debian.vars"
            #expect(run.output.contains("Saved app defaults: \(file)"))
            let saved = try String(contentsOfFile: file, encoding: .utf8)
            #expect(saved.contains("var_cpu=2") && saved.contains("var_disk=6") && saved.contains("var_hostname=wiz-host"))

            // Second run: every step pre-filled from the saved file; --cpu 3 differs, so the menu offers the diff. The first
            // container goes first: the saved file gives the second its static address, which a create refuses while in use.
            _ = try await pve.passwordClient().node("pve1").container(100).destroy(force: true)
            let again = Array(repeating: "", count: 32) + ["y", "3", "", "1"]
            let second = try await InteractionTests().runOnTerminal(
                ["create", "debian", "--os-version", "12", "--mode", "advanced", "--cpu", "3"],
                input: again.joined(separator: "\n") + "\n", environment: environment)
            #expect(second.status == 0, "\(second.output)")
            #expect(second.output.contains("APP DEFAULTS – debian") && second.output.contains("~ var_cpu"))
            #expect(second.output.contains("- old: 2") && second.output.contains("+ new: 3"))
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("var_cpu=3"))
        }
    }

    @Test("Cancel on the main menu's first screen exits 0 with build.func's message, creating nothing")
    func cancel() async throws {
        try await withFakePVE { pve in
            let environment = terminalEnvironment(pve, defaults: try CLITests.temporaryDirectory())
            let run = try await InteractionTests().runOnTerminal(["create", "debian", "--os-version", "12"], input: "<\n",
                                                           environment: environment)
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("User exited script"))
            #expect(try pve.writes().isEmpty)
        }
    }

    @Test("without a terminal no menu is shown, even with --mode advanced, and the run does not block")
    func unattendedNeverBlocks() async throws {
        try await withFakePVE { pve in
            try pve.storeDebianTemplate()
            let environment = CLITests.environment(for: pve, defaults: try CLITests.temporaryDirectory())
            let start = Date()
            let plain = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.60.0.20/24"], environment: environment)
            #expect(plain.status == 0, "\(plain.errors)")
            let advanced = try await CLITests.run(["create", "debian", "--os-version", "12", "--ip", "10.60.0.21/24", "--mode", "advanced"],
                                            environment: environment)
            #expect(advanced.status == 0, "\(advanced.errors)")
            for run in [plain, advanced] {
                #expect(!(run.output + run.errors).contains("Community-Scripts Options"))
                #expect(!(run.output + run.errors).contains("Step 1/31"))
            }
            #expect(Date().timeIntervalSince(start) < 40)
        }
    }
}
