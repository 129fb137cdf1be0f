import ConfigResolution
import Foundation
import HostProbe

/// What the advanced wizard knows about the host, for its menus.
struct WizardContext: Sendable {
    /// Bridges and SDN vnets for step 8, with their descriptions; empty asks for a name instead.
    var bridges: [(name: String, comment: String?, isVNet: Bool)] = []
    /// How many CA certificates the host has under `/usr/local/share/ca-certificates` (step 25 shows only then).
    var hostCACount = 0
    /// The container and VM ids in use in the cluster (step 3 re-asks for one of them); `nil` when unknown.
    var usedIDs: Set<Int>?
    /// SSH public keys found on this host when it is the node (step 17 offers them).
    var hostKeys: [SSHPublicKey] = []
    /// Where step 17 reads keys from a path the user types.
    var keyFiles: any FileSystem = LocalFileSystem()
}

/// The wizard's answers so far, as the text of each setting.
struct WizardState: Sendable {
    /// The text of each setting; an empty text leaves the setting unset.
    var values: [ConfigKey: String]
    /// The static IPv6 address with prefix (step 10; it has no `var_*`).
    var ipv6Address = ""
    /// The static IPv6 gateway (step 10).
    var ipv6Gateway = ""
    /// Public keys for root chosen in step 17 from the host or a path (`authorized_keys` lines).
    var sshKeys: [String] = []
    /// Keys whose value a derivation rule gave (keyctl, the host name) and that no answer has changed: they are
    /// not passed on as answers, so the rule works them out again from the wizard's other answers.
    var derived: Set<ConfigKey> = []

    /// The text of `key`, empty when unset; setting a different text makes it an answer of its own.
    subscript(key: ConfigKey) -> String {
        get { values[key] ?? "" }
        set {
            if values[key] ?? "" != newValue { derived.remove(key) }
            values[key] = newValue
        }
    }

    /// Whether a switch is on.
    func isOn(_ key: ConfigKey) -> Bool {
        ["1", "yes", "true", "on"].contains(self[key].lowercased())
    }
}

/// What the wizard decided: the answers as command-line assignments (`var_cpu=2`), the top settings layer.
struct WizardResult: Sendable, Hashable {
    /// `var_x=VALUE` for every answered setting that is not empty.
    var assignments: [String]
    /// Settings that had a value when the wizard started and were left empty: they are unset (`--unset`), so
    /// no lower layer's value comes back.
    var cleared: [ConfigKey] = []
    /// Public keys for root chosen from the host's keys or a path (installed besides `var_ssh_authorized_key`).
    var sshKeys: [String] = []
    /// The static IPv6 address, when chosen.
    var ipv6Address: String?
    /// The static IPv6 gateway, when given.
    var ipv6Gateway: String?
}

/// build.func's advanced wizard (`advanced_settings`): 31 steps in its order, each pre-filled from the resolved
/// settings, each answer checked with the setting's rule; Back goes one step back, Back on step 1 leaves, and a summary
/// ends with Create / Back.
struct AdvancedWizard {
    /// Asks the questions.
    var prompter: any Prompter
    /// The rules every answer is checked against.
    var validator: SettingValidator
    /// Menus' choices from the host.
    var context: WizardContext
    /// The app (its name is shown; its OS decides the nesting warning).
    var appName: String
    /// Checks the final answers together (e.g. resolves them); returns an error text to show, or `nil`.
    var check: (WizardResult) -> String? = { _ in nil }

    /// The number of steps, as the titles count them.
    static let stepCount = 31

    /// Runs the wizard from the settings `configuration` resolved; `nil` when the user cancelled on step 1.
    func run(from configuration: ResolvedConfiguration) -> WizardResult? {
        var state = WizardState(values: [:])
        for setting in configuration.settings {
            state.values[setting.key] = setting.value?.canonicalText ?? ""
            if case .derived = setting.source { state.derived.insert(setting.key) }
        }
        return run(state: state)
    }

    /// Runs the wizard from `state`; `nil` when the user cancelled on step 1.
    func run(state initial: WizardState) -> WizardResult? {
        var state = initial
        let steps = self.steps
        var index = 0
        var forward = true
        while true {
            if index == steps.count {
                let result = Self.result(of: state, from: initial)
                switch summary(state, result: result) {
                case .next: return result
                default:
                    index -= 1
                    forward = false
                    continue
                }
            }
            switch steps[index](&state, "Step \(index + 1)/\(Self.stepCount)") {
            case .next:
                index += 1
                forward = true
            case .back:
                if index == 0 { return nil }
                index -= 1
                forward = false
            case .skip:
                if forward { index += 1 } else if index == 0 { return nil } else { index -= 1 }
            }
        }
    }

    /// The assignments for `state`: every non-empty setting the wizard asks about, except values still derived
    /// (``WizardState/derived``); those that were set in `initial` and are empty now are cleared.
    static func result(of state: WizardState, from initial: WizardState) -> WizardResult {
        let assignments = ConfigKey.allCases.compactMap { key -> String? in
            guard let text = state.values[key], !text.isEmpty, askedKeys.contains(key), !state.derived.contains(key) else { return nil }
            return "\(key.variableName)=\(text)"
        }
        let cleared = ConfigKey.allCases.filter { askedKeys.contains($0) && state[$0].isEmpty && !initial[$0].isEmpty }
        let method = state[.ipv6Method]
        return WizardResult(assignments: assignments, cleared: cleared, sshKeys: state.sshKeys,
                            ipv6Address: method == "static" && !state.ipv6Address.isEmpty ? state.ipv6Address : nil,
                            ipv6Gateway: method == "static" && !state.ipv6Gateway.isEmpty ? state.ipv6Gateway : nil)
    }

    /// The settings the wizard asks about (the others keep their resolved values).
    static let askedKeys: Set<ConfigKey> = [
        .unprivileged, .password, .ctid, .hostname, .disk, .cpu, .ram, .bridge, .sdnVnet, .net, .gateway, .ipv6Method,
        .mtu, .searchDomain, .nameserver, .mac, .vlan, .tags, .sshAuthorizedKey, .ssh, .fuse, .tun, .nesting, .gpu,
        .keyctl, .aptCacher, .aptCacherIP, .httpProxy, .httpNoProxy, .inheritHostCA, .timezone, .protection, .mknod,
        .mountFS, .postInstall, .verbose,
    ]

    /// The summary screen: Create LXC (`.next`) or Back (`.back`).
    private func summary(_ state: WizardState, result: WizardResult) -> StepResult {
        let text = Self.summaryText(state, appName: appName)
        while true {
            guard prompter.yesNo("Settings summary", text, defaultYes: true, buttons: ("Create LXC", "Back")).text == "yes"
            else { return .back }
            guard let problem = check(result) else { return .next }
            prompter.show("Cannot create with these settings", problem)
            return .back
        }
    }

    /// The summary's lines (build.func's list), the password masked, the hook with its warning.
    static func summaryText(_ state: WizardState, appName: String) -> String {
        func show(_ key: ConfigKey, _ fallback: String) -> String { state[key].isEmpty ? fallback : key.displayText(state[key]) }
        var lines = [
            "\(appName) container",
            "Type: \(state.isOn(.unprivileged) ? "Unprivileged" : "Privileged")   ID: \(show(.ctid, "next free"))",
            "Hostname: \(state[.hostname])   Password: \(state[.password].isEmpty ? "automatic login" : ConfigKey.secretMask)",
            "Disk: \(state[.disk]) GB   CPU: \(state[.cpu])   RAM: \(state[.ram]) MiB",
            "Bridge: \(state[.sdnVnet].isEmpty ? state[.bridge] : "sdn:" + state[.sdnVnet])   VLAN: \(show(.vlan, "none"))   MTU: \(show(.mtu, "1500"))",
            "IPv4: \(state[.net])\(state[.gateway].isEmpty ? "" : " gw " + state[.gateway])   IPv6: \(state[.ipv6Method])"
                + (state.ipv6Address.isEmpty || state[.ipv6Method] != "static" ? "" : " \(state.ipv6Address)"),
            "DNS: \(show(.nameserver, "host")) / \(show(.searchDomain, "host"))   MAC: \(show(.mac, "auto"))",
            "Tags: \(state[.tags])   SSH: \(show(.ssh, "no"))   Keys: \(state.sshKeys.count + (state[.sshAuthorizedKey].isEmpty ? 0 : 1))",
            "FUSE: \(show(.fuse, "no"))   TUN: \(show(.tun, "no"))   Nesting: \(show(.nesting, "0"))   Keyctl: \(show(.keyctl, "0"))",
            "Mknod: \(show(.mknod, "0"))   Mount: \(show(.mountFS, "none"))   GPU: \(show(.gpu, "no"))   Protection: \(show(.protection, "no"))",
            "Timezone: \(show(.timezone, "host"))   APT cacher: \(state.isOn(.aptCacher) ? state[.aptCacherIP] : "no")",
            "Proxy: \(show(.httpProxy, "none"))   Host CA: \(show(.inheritHostCA, "no"))   Verbose: \(show(.verbose, "no"))",
        ]
        if !state[.postInstall].isEmpty { lines.append("Post-install hook: \(state[.postInstall]) (runs as root on the HOST)") }
        return lines.joined(separator: "\n")
    }
}

/// Where a step leaves the wizard.
enum StepResult: Sendable {
    /// On to the next step.
    case next
    /// Back to the previous step.
    case back
    /// The step does not apply; keep going in the same direction.
    case skip
}
