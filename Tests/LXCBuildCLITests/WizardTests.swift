import ConfigResolution
import Foundation
import Synchronization
import Testing

@testable import lxc_build

/// Answers prompts from a script and records what was asked; `nil` in the script takes the default.
final class ScriptedPrompter: Prompter, @unchecked Sendable {
    /// One question as it was asked.
    struct Asked {
        var title: String
        var text: String
        var defaultValue: String
    }

    private let lock = NSLock()
    private var script: [PromptAnswer?]
    private var log: [Asked] = []

    init(_ script: [PromptAnswer?]) { self.script = script }

    /// Every question so far, in order.
    var asked: [Asked] { lock.withLock { log } }

    private func next(_ asked: Asked) -> PromptAnswer? {
        lock.withLock {
            log.append(asked)
            return script.isEmpty ? nil : script.removeFirst()
        }
    }

    func menu(_ title: String, _ text: String, items: [MenuItem], defaultTag: String, radio: Bool) -> PromptAnswer {
        next(Asked(title: title, text: text + "\n" + items.map(\.label).joined(separator: "\n"), defaultValue: defaultTag))
            ?? .value(defaultTag)
    }

    func input(_ title: String, _ text: String, defaultValue: String, secret: Bool) -> PromptAnswer {
        next(Asked(title: title, text: text, defaultValue: defaultValue)) ?? .value(defaultValue)
    }

    func yesNo(_ title: String, _ text: String, defaultYes: Bool, buttons: (yes: String, no: String)?) -> PromptAnswer {
        next(Asked(title: title, text: text, defaultValue: defaultYes ? "yes" : "no")) ?? .value(defaultYes ? "yes" : "no")
    }

    func show(_ title: String, _ text: String) {
        lock.withLock { log.append(Asked(title: title, text: text, defaultValue: "")) }
    }
}

/// The advanced wizard, the menus and the save offer, driven by a scripted prompter (no terminal).
@Suite("Interactive menus and the advanced wizard")
struct WizardTests {
    let defaults: String
    let loader: ConfigLoader
    let app: AppProfile

    init() throws {
        defaults = try CLITests.temporaryDirectory()
        loader = ConfigLoader(environment: ["LXC_BUILD_DEFAULTS_DIR": defaults, "var_mtu": "9000", "var_vlan": "20",
                                            "var_mac": "02:00:00:aa:bb:cc", "var_searchdomain": "lab.example",
                                            "var_ns": "10.1.0.53", "var_net": "10.1.0.5/24", "var_gateway": "10.1.0.1"])
        app = try AppProfile(name: "debian", declaredDefaults: [.cpu: "1", .ram: "512", .disk: "4", .os: "debian", .version: "12"])
    }

    func wizard(_ prompter: ScriptedPrompter) -> AdvancedWizard {
        AdvancedWizard(prompter: prompter, validator: loader.validator, context: WizardContext(), appName: "Debian")
    }

    /// The step number in a title such as "Step 5/31 · Disk size".
    func step(_ asked: ScriptedPrompter.Asked) -> Int? {
        asked.title.firstMatch(of: /Step (\d+)\/31/).flatMap { Int($0.1) }
    }

    @Test("every step runs in build.func's order and taking the defaults keeps the resolved settings")
    func defaultsRun() async throws {
        let prompter = ScriptedPrompter([])
        let result = try #require(wizard(prompter).run(from: try loader.resolve(mode: .advanced, app: app)))
        let steps = prompter.asked.compactMap(step)
        #expect(steps == steps.sorted())
        // Keyctl (22) is skipped for an unprivileged container and the CA step (25) without host certificates.
        #expect(Set(steps) == Set(1...31).subtracting([22, 25]))
        #expect(prompter.asked.last?.title == "Settings summary")
        #expect(result.assignments.contains("var_cpu=1") && result.assignments.contains("var_unprivileged=1"))
    }

    @Test("preset mtu, search domain, DNS server, MAC, VLAN, net and gateway are pre-filled (build.func's wizard starts them empty)")
    func prefill() async throws {
        let prompter = ScriptedPrompter([])
        let result = try #require(wizard(prompter).run(from: try loader.resolve(mode: .advanced, app: app)))
        func prefilled(_ title: String) -> String? { prompter.asked.first { $0.title.hasSuffix(title) }?.defaultValue }
        #expect(prefilled("· MTU") == "9000")
        #expect(prefilled("· VLAN") == "20")
        #expect(prefilled("· MAC address") == "02:00:00:aa:bb:cc")
        #expect(prefilled("· DNS search domain") == "lab.example")
        #expect(prefilled("· DNS server") == "10.1.0.53")
        #expect(prompter.asked.first { $0.title.hasSuffix("· IPv4") }?.defaultValue == "static")
        #expect(prefilled("· IPv4 gateway") == "10.1.0.1")
        for assignment in ["var_mtu=9000", "var_vlan=20", "var_net=10.1.0.5/24", "var_gateway=10.1.0.1"] {
            #expect(result.assignments.contains(assignment))
        }
    }

    @Test("Back goes one step back; a bad value is re-asked with the rule's message; answers become assignments")
    func backAndValidation() async throws {
        // Steps 1-4 default; disk 6; Back on CPU; disk 12; CPU 3; RAM "lots" (rejected) then 2048.
        let prompter = ScriptedPrompter([nil, nil, nil, nil, .value("6"), .back, .value("12"), .value("3"),
                                         .value("lots"), .value("2048")])
        let result = try #require(wizard(prompter).run(from: try loader.resolve(mode: .advanced, app: app)))
        #expect(prompter.asked.compactMap(step).prefix(8) == [1, 2, 3, 4, 5, 6, 5, 6])
        let rejection = try #require(prompter.asked.first { $0.title == "Invalid value" })
        #expect(rejection.text.contains("var_ram") && rejection.text.contains(ConfigKey.ram.acceptedValues))
        #expect(result.assignments.contains("var_disk=12") && result.assignments.contains("var_cpu=3"))
        #expect(result.assignments.contains("var_ram=2048"))
    }

    @Test("Back on step 1 cancels; Back on the summary returns to step 31; a failed final check shows why")
    func cancelAndSummaryBack() async throws {
        #expect(wizard(ScriptedPrompter([.back])).run(from: try loader.resolve(mode: .advanced, app: app)) == nil)

        // 32 questions before the summary (IPv4 static asks three, SSH two); then Back, verbose, Create.
        let answers: [PromptAnswer?] = Array(repeating: nil, count: 32) + [.value("no"), nil, .value("yes")]
        let prompter = ScriptedPrompter(answers)
        var checked = 0
        var wizard = wizard(prompter)
        wizard.check = { _ in
            checked += 1
            return checked == 1 ? "var_gateway: outside var_net's subnet" : nil
        }
        #expect(wizard.run(from: try loader.resolve(mode: .advanced, app: app)) != nil)
        let titles = prompter.asked.map(\.title)
        #expect(titles.filter { $0 == "Settings summary" }.count == 3)
        #expect(titles.contains("Cannot create with these settings"))
        #expect(titles.filter { $0.hasPrefix("Step 31/31") }.count == 3)
    }

    @Test("the main menu offers App Defaults only when the app's file exists; Settings opens the editor, then back")
    func mainMenu() async throws {
        let edited = Mutex([String]())
        let menu = MainMenu(prompter: ScriptedPrompter([.value("4"), .value("1"), .value("back"), .value("2")]), app: app,
                            locations: loader.locations, edit: { path in edited.withLock { $0.append(path) } })
        #expect(!menu.items.map(\.label).contains { $0.hasPrefix("App Defaults") })
        #expect(menu.run() == .advanced)
        #expect(edited.get() == [defaults + "/default.vars"])
        #expect(MainMenu(prompter: ScriptedPrompter([.back]), app: app, locations: loader.locations, edit: { _ in }).run() == nil)

        try FileManager.default.createDirectory(atPath: defaults + "/defaults", withIntermediateDirectories: true)
        try "var_cpu=2\n".write(toFile: defaults + "/defaults/debian.vars", atomically: true, encoding: .utf8)
        let withFile = MainMenu(prompter: ScriptedPrompter([.value("4")]), app: app, locations: loader.locations, edit: { _ in })
        #expect(withFile.items.map(\.label) == ["Default Install", "Advanced Install", "User Defaults",
                                                "App Defaults for debian", "Settings"])
        #expect(withFile.run() == .appdefaults)
    }

    @Test("saving app defaults: a new file after a yes; an existing one shows the diff, then Update writes it")
    func saveOffer() async throws {
        let first = try loader.resolve(mode: .advanced, app: app, commandLine: ["var_cpu=2"])
        let message = SaveDefaultsOffer(prompter: ScriptedPrompter([.value("yes")]), loader: loader).run(first)
        let path = defaults + "/defaults/debian.vars"
        #expect(message.contains(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("var_cpu=2"))

        let same = SaveDefaultsOffer(prompter: ScriptedPrompter([]), loader: loader).run(
            try loader.resolve(mode: .advanced, app: app))
        #expect(same.contains("no differences"))

        let prompter = ScriptedPrompter([.value("diff"), .value("update")])
        let second = try loader.resolve(mode: .advanced, app: app, commandLine: ["var_cpu=4"])
        #expect(SaveDefaultsOffer(prompter: prompter, loader: loader).run(second).hasPrefix("Saved"))
        let diff = try #require(prompter.asked.first { $0.title.hasPrefix("Diff") })
        #expect(diff.text.contains("~ var_cpu") && diff.text.contains("- old: 2") && diff.text.contains("+ new: 4"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("var_cpu=4"))
    }
}
